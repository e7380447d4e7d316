using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Transfer
{
    /// <summary>
    /// A trained network's tensors by path (its state dict: parameters and float buffers), written into the model's ONNX
    /// metadata so a zip can start another training (<see cref="InitialWeights"/>). The graph's initializers are not read
    /// back: some architectures export their parameters transformed (cross-stitch as scalars, ensembles folded), so only the
    /// state itself maps exactly.
    /// </summary>
    internal sealed class NetworkState
    {
        /// <summary>The ONNX metadata key the state is stored under (base64).</summary>
        public const string MetadataKey = "Microsoft.ML.MultiTask.State";

        private NetworkState(IReadOnlyDictionary<string, (long[] Shape, float[] Values)> tensors) => Tensors = tensors;

        public IReadOnlyDictionary<string, (long[] Shape, float[] Values)> Tensors { get; }

        public static NetworkState Capture(nn.Module module) => new NetworkState(module.state_dict()
            .Where(p => p.Value.dtype == ScalarType.Float32)
            .ToDictionary(p => p.Key, p => (p.Value.shape, Training.TensorValues.Of(p.Value)), StringComparer.Ordinal));

        public string ToBase64()
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream))
            {
                writer.Write(Tensors.Count);
                foreach (var (name, (shape, values)) in Tensors)
                {
                    writer.Write(name);
                    writer.Write(shape.Length);
                    foreach (long dim in shape)
                    {
                        writer.Write(dim);
                    }
                    writer.Write(values.Length);
                    var bytes = new byte[values.Length * sizeof(float)];
                    Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
                    writer.Write(bytes);
                }
            }
            return Convert.ToBase64String(stream.ToArray());
        }

        public static NetworkState FromBase64(string text)
        {
            using var reader = new BinaryReader(new MemoryStream(Convert.FromBase64String(text)));
            int count = reader.ReadInt32();
            var tensors = new Dictionary<string, (long[] Shape, float[] Values)>(StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                var shape = Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadInt64()).ToArray();
                var values = new float[reader.ReadInt32()];
                Buffer.BlockCopy(reader.ReadBytes(values.Length * sizeof(float)), 0, values, 0, values.Length * sizeof(float));
                tensors[name] = (shape, values);
            }
            return new NetworkState(tensors);
        }
    }
}
