using System;
using System.Collections.Generic;

namespace Microsoft.ML.MultiTask.Onnx
{
    /// <summary>
    /// Builds an ONNX ModelProto (opset 17, default domain) node by node and serializes it with
    /// <see cref="ProtoWriter"/>. Field numbers follow onnx.proto; only what the exporters use is here.
    /// </summary>
    internal sealed class OnnxGraphBuilder
    {
        /// <summary>ONNX opset the exported graphs target; every operator used exists there unchanged.</summary>
        public const int OpsetVersion = 17;

        /// <summary>Name of the symbolic batch dimension of inputs and outputs.</summary>
        public const string BatchDimension = "N";

        private const int IrVersion = 8;
        private readonly List<ProtoWriter> _nodes = new List<ProtoWriter>();
        private readonly List<ProtoWriter> _initializers = new List<ProtoWriter>();
        private readonly List<ProtoWriter> _inputs = new List<ProtoWriter>();
        private readonly List<ProtoWriter> _outputs = new List<ProtoWriter>();
        private readonly List<KeyValuePair<string, string>> _metadata = new List<KeyValuePair<string, string>>();
        private readonly HashSet<string> _names = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _stateInitializers = new Dictionary<string, string>(StringComparer.Ordinal);
        private int _nextId;

        public OnnxGraphBuilder(string graphName)
        {
            GraphName = graphName;
        }

        public string GraphName { get; }

        /// <summary>Returns a fresh value name with the given prefix, unique within the graph.</summary>
        public string Unique(string prefix)
        {
            string name;
            do
            {
                name = $"{prefix}_{_nextId++}";
            }
            while (!_names.Add(name));
            return name;
        }

        public void AddInput(string name, OnnxElementType type, long width) => _inputs.Add(ValueInfo(name, type, width));

        public void AddOutput(string name, OnnxElementType type, long width) => _outputs.Add(ValueInfo(name, type, width));

        public void AddMetadata(string key, string value) => _metadata.Add(new KeyValuePair<string, string>(key, value));

        public string AddFloats(string prefix, float[] values, params long[] dims)
        {
            string name = Unique(prefix);
            var tensor = Tensor(name, OnnxElementType.Float, dims);
            tensor.Bytes(9, FloatBytes(values));
            _initializers.Add(tensor);
            return name;
        }

        /// <summary>
        /// The network's tensors by state path (same objects), set by the exporter: an initializer made from one of them
        /// is remembered, so the stored network state can point at it instead of repeating its values.
        /// </summary>
        public IReadOnlyDictionary<TorchSharp.torch.Tensor, string>? StatePaths { get; set; }

        /// <summary>State path → the initializer that holds that tensor's values as they are.</summary>
        public IReadOnlyDictionary<string, string> StateInitializers => _stateInitializers;

        /// <summary>A float initializer holding a network tensor's values in its own shape.</summary>
        public string AddParameter(string prefix, TorchSharp.torch.Tensor parameter)
        {
            string name = AddFloats(prefix, Training.TensorValues.Of(parameter), parameter.shape);
            if (StatePaths != null && StatePaths.TryGetValue(parameter, out var path))
            {
                _stateInitializers.TryAdd(path, name);
            }
            return name;
        }

        /// <summary>An int64 initializer (indices for Gather, axes for Unsqueeze, shapes for Reshape).</summary>
        public string AddInt64s(string prefix, long[] values, params long[] dims)
        {
            string name = Unique(prefix);
            var tensor = Tensor(name, OnnxElementType.Int64, dims);
            var bytes = new byte[values.Length * sizeof(long)];
            for (int i = 0; i < values.Length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
            }
            tensor.Bytes(9, bytes);
            _initializers.Add(tensor);
            return name;
        }

        public string AddStrings(string prefix, IReadOnlyList<string> values)
        {
            string name = Unique(prefix);
            var tensor = Tensor(name, OnnxElementType.String, values.Count);
            foreach (string value in values)
            {
                tensor.String(6, value);
            }
            _initializers.Add(tensor);
            return name;
        }

        /// <summary>Adds a node and returns the name of its (first) output.</summary>
        public string AddNode(string opType, string[] inputs, string output, params OnnxAttribute[] attributes)
        {
            var node = new ProtoWriter();
            foreach (string input in inputs)
            {
                node.String(1, input);
            }
            node.String(2, output);
            node.String(3, Unique(opType));
            node.String(4, opType);
            foreach (OnnxAttribute attribute in attributes)
            {
                node.Message(5, attribute.ToProto());
            }
            _nodes.Add(node);
            return output;
        }

        /// <summary>The columns <paramref name="columns"/> of an [N, F] value, as a Gather; returns the [N, columns] value's name.</summary>
        public string GatherColumns(string input, long[] columns, string name)
            => AddNode("Gather", new[] { input, AddInt64s(name + "_slots", columns, columns.Length) }, Unique(name), OnnxAttribute.Int("axis", 1));

        /// <summary>Columns <paramref name="start"/> to <paramref name="end"/> (exclusive) of an [N, F] value, as a Slice; returns the [N, end − start] value's name.</summary>
        public string SliceColumns(string input, long start, long end, string name)
            => AddNode("Slice", new[] { input, AddInt64s("start", new[] { start }, 1), AddInt64s("end", new[] { end }, 1), AddInt64s("axis", new[] { 1L }, 1) }, Unique(name));

        /// <summary>Adds a node whose output gets a fresh name with the given prefix.</summary>
        public string Apply(string opType, string prefix, params string[] inputs) => AddNode(opType, inputs, Unique(prefix));

        public byte[] ToBytes()
        {
            var graph = new ProtoWriter();
            foreach (var node in _nodes)
            {
                graph.Message(1, node);
            }
            graph.String(2, GraphName);
            foreach (var initializer in _initializers)
            {
                graph.Message(5, initializer);
            }
            foreach (var input in _inputs)
            {
                graph.Message(11, input);
            }
            foreach (var output in _outputs)
            {
                graph.Message(12, output);
            }

            var model = new ProtoWriter()
                .Varint(1, IrVersion)
                .String(2, "Microsoft.ML.MultiTask")
                .Message(7, graph)
                .Message(8, new ProtoWriter().String(1, string.Empty).Varint(2, OpsetVersion));
            foreach (var pair in _metadata)
            {
                model.Message(14, new ProtoWriter().String(1, pair.Key).String(2, pair.Value));
            }
            return model.ToArray();
        }

        private static ProtoWriter Tensor(string name, OnnxElementType type, params long[] dims)
        {
            var tensor = new ProtoWriter();
            tensor.PackedVarints(1, dims);
            tensor.Varint(2, (int)type);
            tensor.String(8, name);
            return tensor;
        }

        private static byte[] FloatBytes(float[] values)
        {
            var bytes = new byte[values.Length * sizeof(float)];
            for (int i = 0; i < values.Length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
            }
            return bytes;
        }

        private static ProtoWriter ValueInfo(string name, OnnxElementType type, long width)
        {
            var shape = new ProtoWriter()
                .Message(1, new ProtoWriter().String(2, BatchDimension))
                .Message(1, new ProtoWriter().Varint(1, width));
            var tensorType = new ProtoWriter().Varint(1, (int)type).Message(2, shape);
            return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
        }
    }
}
