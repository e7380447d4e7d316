using System.Linq;
using Microsoft.ML.MultiTask.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Encodings
{
    /// <summary>
    /// An encoder of some numeric slots: the other slots pass through first, then the encoding of the numeric ones (in
    /// slot order). Subclasses encode the [B, m] numeric columns, in TorchSharp and as ONNX nodes with the same arithmetic.
    /// </summary>
    internal abstract class NumericSlotEncoder : FeatureEncoder
    {
        private readonly long[] _numeric;
        private readonly long[] _other;

        protected NumericSlotEncoder(string name, int width, long[] numeric, int valuesPerSlot)
            : base(name)
        {
            _numeric = numeric;
            _other = Enumerable.Range(0, width).Select(s => (long)s).Except(numeric).ToArray();
            OutputSize = _other.Length + (numeric.Length * valuesPerSlot);
        }

        public sealed override int OutputSize { get; }

        /// <summary>How many slots are encoded.</summary>
        protected int NumericCount => _numeric.Length;

        /// <summary>Registers fitted statistics as a buffer: moved with the module, and part of its state (copied by InitialWeights).</summary>
        protected Tensor Buffer(string name, float[] values, params long[] shape)
        {
            var buffer = tensor(values, shape);
            register_buffer(name, buffer);
            return buffer;
        }

        /// <summary>The encoding of the [B, m] numeric columns, flattened to [B, m·values].</summary>
        protected abstract Tensor Encode(Tensor numeric);

        /// <summary>The same as ONNX nodes; returns the [N, m·values] value's name.</summary>
        protected abstract string AppendEncoding(OnnxGraphBuilder graph, string numeric);

        public sealed override Tensor forward(Tensor input)
        {
            var other = input.index_select(1, tensor(_other, device: input.device));
            return _numeric.Length == 0 ? other : cat(new[] { other, Encode(input.index_select(1, tensor(_numeric, device: input.device))) }, 1);
        }

        public sealed override string AppendOnnx(OnnxGraphBuilder graph, string input)
        {
            string other = graph.GatherColumns(input, _other, "other");
            return _numeric.Length == 0
                ? other
                : graph.AddNode("Concat", new[] { other, AppendEncoding(graph, graph.GatherColumns(input, _numeric, "numeric")) }, graph.Unique("features"), OnnxAttribute.Int("axis", 1));
        }
    }
}
