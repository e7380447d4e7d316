using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Encodings;
using Microsoft.ML.MultiTask.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Piecewise-linear encoding of numeric features (Gorishniy, Rubachev and Babenko, "On Embeddings for Numerical
    /// Features in Tabular Deep Learning", NeurIPS 2022): each numeric slot becomes T values, one per quantile bin of the
    /// training data — 1 for bins below the value, 0 for bins above, and the position inside its own bin — so the network
    /// can cut a heavy-tailed column at any threshold, as trees do. The first and last bins extrapolate beyond the training
    /// range. Other slots (binary, one-hot) pass through unchanged. The bins are fitted in Fit and written into the ONNX graph.
    /// </summary>
    public sealed class PiecewiseLinearEncoding : FeatureEncoding
    {
        /// <summary>Quantile bins per numeric slot, ≥ 2 (a slot with fewer distinct values gets fewer). Default 48.</summary>
        public int Bins { get; set; } = 48;

        /// <summary>
        /// The slots to encode. Default null: every slot whose training values are not all 0 or 1 (binary and one-hot
        /// slots stay as they are). A slot with a single distinct value is never encoded (it has no bins).
        /// </summary>
        public int[]? NumericSlots { get; set; }

        internal override void Validate(string optionName)
        {
            if (Bins < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(Bins), Bins, $"{optionName}.{nameof(Bins)} must be >= 2; got {Bins}.");
            }
            Encodings.NumericSlots.Validate(NumericSlots, optionName, nameof(NumericSlots));
        }

        internal override FeatureEncoder Build(EncodingContext context)
        {
            var encoded = new List<(int Slot, float[] Edges)>();
            foreach (var (slot, values) in Encodings.NumericSlots.Find(context, NumericSlots, nameof(NumericSlots)))
            {
                var edges = Edges(values, context.Features.RowCount, Bins);
                if (edges.Length >= 2)
                {
                    encoded.Add((slot, edges));
                }
            }
            return new Encoder(context.InputSize, encoded);
        }

        /// <summary>The distinct quantiles at k/T, k = 0..T, of a slot's values (its non-zeros and the implicit zeros).</summary>
        private static float[] Edges(List<float> nonZeros, int rows, int bins)
        {
            var sorted = nonZeros.Concat(Enumerable.Repeat(0f, rows - nonZeros.Count)).OrderBy(v => v).ToArray();
            return Enumerable.Range(0, bins + 1).Select(k => sorted[(int)((long)k * (sorted.Length - 1) / bins)]).Distinct().ToArray();
        }

        private sealed class Encoder : FeatureEncoder
        {
            private readonly long[] _numeric;
            private readonly long[] _other;
            private readonly int _bins;
            private readonly float[] _left;
            private readonly float[] _inverseWidth;
            private readonly float[] _lower;
            private readonly float[] _upper;
            private readonly float[] _mask;

            /// <param name="width">The input width.</param>
            /// <param name="encoded">The encoded slots with their bin edges.</param>
            public Encoder(int width, IReadOnlyList<(int Slot, float[] Edges)> encoded)
                : base(nameof(PiecewiseLinearEncoding))
            {
                _numeric = encoded.Select(e => (long)e.Slot).ToArray();
                _other = Enumerable.Range(0, width).Where(s => !encoded.Any(e => e.Slot == s)).Select(s => (long)s).ToArray();
                _bins = encoded.Count == 0 ? 0 : encoded.Max(e => e.Edges.Length - 1);
                int cells = _numeric.Length * _bins;
                (_left, _inverseWidth, _lower, _upper, _mask) = (new float[cells], new float[cells], new float[cells], new float[cells], new float[cells]);
                for (int i = 0; i < encoded.Count; i++)
                {
                    var edges = encoded[i].Edges;
                    int bins = edges.Length - 1;
                    for (int t = 0; t < _bins; t++)
                    {
                        int cell = (i * _bins) + t;
                        bool used = t < bins;
                        _left[cell] = used ? edges[t] : 0;
                        _inverseWidth[cell] = used ? 1 / (edges[t + 1] - edges[t]) : 0;
                        // The first bin extrapolates below the training range, the last one above it.
                        _lower[cell] = t == 0 ? float.NegativeInfinity : 0;
                        _upper[cell] = used && t == bins - 1 ? float.PositiveInfinity : 1;
                        _mask[cell] = used ? 1 : 0;
                    }
                }
                OutputSize = _other.Length + cells;
            }

            public override int OutputSize { get; }

            public override Tensor forward(Tensor input)
            {
                var device = input.device;
                var other = input.index_select(1, tensor(_other, device: device));
                if (_numeric.Length == 0)
                {
                    return other;
                }
                var shape = new long[] { _numeric.Length, _bins };
                var numeric = input.index_select(1, tensor(_numeric, device: device)).unsqueeze(2);
                var encoded = numeric.sub(tensor(_left, shape, device: device)).mul(tensor(_inverseWidth, shape, device: device))
                    .minimum(tensor(_upper, shape, device: device)).maximum(tensor(_lower, shape, device: device)).mul(tensor(_mask, shape, device: device));
                return cat(new[] { other, encoded.reshape(-1, _numeric.Length * _bins) }, 1);
            }

            public override string AppendOnnx(OnnxGraphBuilder graph, string input)
            {
                string other = graph.AddNode("Gather", new[] { input, graph.AddInt64s("other_slots", _other, _other.Length) }, graph.Unique("other"), OnnxAttribute.Int("axis", 1));
                if (_numeric.Length == 0)
                {
                    return other;
                }
                long[] shape = { _numeric.Length, _bins };
                string numeric = graph.AddNode("Gather", new[] { input, graph.AddInt64s("numeric_slots", _numeric, _numeric.Length) }, graph.Unique("numeric"), OnnxAttribute.Int("axis", 1));
                string column = graph.Apply("Unsqueeze", "numeric_column", numeric, graph.AddInt64s("axis", new[] { 2L }, 1));
                string position = graph.Apply("Mul", "position", graph.Apply("Sub", "offset", column, graph.AddFloats("bin_left", _left, shape)), graph.AddFloats("bin_inverse_width", _inverseWidth, shape));
                string clipped = graph.Apply("Max", "clip_low", graph.Apply("Min", "clip_high", position, graph.AddFloats("bin_upper", _upper, shape)), graph.AddFloats("bin_lower", _lower, shape));
                string masked = graph.Apply("Mul", "bins", clipped, graph.AddFloats("bin_mask", _mask, shape));
                string flat = graph.Apply("Reshape", "encoded", masked, graph.AddInt64s("shape", new[] { -1L, _numeric.Length * _bins }, 2));
                return graph.AddNode("Concat", new[] { other, flat }, graph.Unique("features"), OnnxAttribute.Int("axis", 1));
            }
        }
    }
}
