using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Transfer
{
    /// <summary>
    /// A trained network's tensors by path (its state dict: parameters and float buffers) and its feature scaling, written
    /// into the model's ONNX metadata so a zip can start another training (<see cref="InitialWeights"/>). A tensor the graph
    /// holds as it is (an exported layer's weight) is stored as the name of that initializer; the others (parameters some
    /// architectures export transformed, such as cross-stitch units) are stored with their values. So the state maps
    /// exactly for every architecture and costs little beside the graph.
    /// </summary>
    internal sealed class NetworkState
    {
        /// <summary>The ONNX metadata key the state is stored under (base64).</summary>
        public const string MetadataKey = "Microsoft.ML.MultiTask.State";

        private NetworkState(IReadOnlyDictionary<string, (long[] Shape, float[] Values)> tensors, Data.FeatureScaling? scaling)
        {
            Tensors = tensors;
            Scaling = scaling;
        }

        public IReadOnlyDictionary<string, (long[] Shape, float[] Values)> Tensors { get; }

        /// <summary>The feature scaling the network was trained behind, or null for none.</summary>
        public Data.FeatureScaling? Scaling { get; }

        /// <summary>The module's float tensors by path, the same objects the module trains (for <see cref="Onnx.OnnxGraphBuilder.StatePaths"/>).</summary>
        public static Dictionary<Tensor, string> Paths(nn.Module module) => FloatTensors(module).ToDictionary(p => p.Value, p => p.Key, new ReferenceComparer());

        /// <summary>What the state holds of a module: its float parameters and buffers, by path.</summary>
        private static IEnumerable<KeyValuePair<string, Tensor>> FloatTensors(nn.Module module) => module.state_dict().Where(p => p.Value.dtype == ScalarType.Float32);

        private sealed class ReferenceComparer : IEqualityComparer<Tensor>
        {
            public bool Equals(Tensor? x, Tensor? y) => ReferenceEquals(x, y);

            public int GetHashCode(Tensor obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }

        /// <summary>
        /// The state as stored: each tensor as the name of the initializer in <paramref name="initializers"/> that holds it,
        /// or with its values; then the scaling.
        /// </summary>
        public static string Write(nn.Module module, Data.FeatureScaling? scaling, IReadOnlyDictionary<string, string> initializers)
        {
            var tensors = FloatTensors(module).ToList();
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(tensors.Count);
                foreach (var (name, tensor) in tensors)
                {
                    writer.Write(name);
                    writer.Write(tensor.shape.Length);
                    foreach (long dim in tensor.shape)
                    {
                        writer.Write(dim);
                    }
                    bool referenced = initializers.TryGetValue(name, out var initializer);
                    writer.Write(referenced);
                    if (referenced)
                    {
                        writer.Write(initializer!);
                    }
                    else
                    {
                        Training.TrainingCheckpoint.WriteArrays(writer, new[] { Training.TensorValues.Of(tensor) });
                    }
                }
                writer.Write(scaling != null);
                if (scaling != null)
                {
                    Training.TrainingCheckpoint.WriteArrays(writer, new[] { scaling.Offset, scaling.Scale });
                }
            }
            return Convert.ToBase64String(stream.GetBuffer(), 0, (int)stream.Length);
        }

        /// <summary>Reads a stored state, taking referenced tensors' values from <paramref name="graph"/>'s initializers.</summary>
        public static NetworkState Read(string text, byte[] graph)
        {
            using var reader = new BinaryReader(new MemoryStream(Convert.FromBase64String(text)));
            int count = reader.ReadInt32();
            var entries = new List<(string Name, long[] Shape, string? Initializer, float[]? Values)>();
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                var shape = Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadInt64()).ToArray();
                entries.Add(reader.ReadBoolean() ? (name, shape, reader.ReadString(), null) : (name, shape, null, Training.TrainingCheckpoint.ReadArrays(reader)[0]));
            }
            var scaling = reader.ReadBoolean() ? Training.TrainingCheckpoint.ReadArrays(reader) : null;
            var referenced = Onnx.OnnxInitializerReader.ReadFloats(graph, entries.Where(e => e.Initializer != null).Select(e => e.Initializer!).ToHashSet(StringComparer.Ordinal));
            var tensors = entries.ToDictionary(e => e.Name, e => (e.Shape, e.Values ?? (referenced.TryGetValue(e.Initializer!, out var values) ? values
                : throw new InvalidDataException($"The stored network state names initializer '{e.Initializer}', which the graph does not have."))), StringComparer.Ordinal);
            return new NetworkState(tensors, scaling == null ? null : Data.FeatureScaling.From(scaling[0], scaling[1]));
        }
    }
}
