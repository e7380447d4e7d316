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
            return new Encoder(context.InputSize, encoded, encoded.Count == 0 ? 0 : encoded.Max(e => e.Edges.Length - 1));
        }

        /// <summary>The distinct quantiles at k/T, k = 0..T, of a slot's values (its non-zeros and the implicit zeros).</summary>
        private static float[] Edges(List<float> nonZeros, int rows, int bins)
        {
            var sorted = nonZeros.Concat(Enumerable.Repeat(0f, rows - nonZeros.Count)).OrderBy(v => v).ToArray();
            return Enumerable.Range(0, bins + 1).Select(k => sorted[(int)((long)k * (sorted.Length - 1) / bins)]).Distinct().ToArray();
        }

        private sealed class Encoder : NumericSlotEncoder
        {
            private readonly int _bins;
            private readonly float[] _left;
            private readonly float[] _inverseWidth;
            private readonly float[] _lower;
            private readonly float[] _upper;
            private readonly float[] _mask;

            /// <param name="width">The input width.</param>
            /// <param name="encoded">The encoded slots with their bin edges.</param>
            /// <param name="bins">The most bins of any slot (the others are padded with zeros).</param>
            public Encoder(int width, IReadOnlyList<(int Slot, float[] Edges)> encoded, int bins)
                : base(nameof(PiecewiseLinearEncoding), width, encoded.Select(e => (long)e.Slot).ToArray(), bins)
            {
                _bins = bins;
                int cells = encoded.Count * _bins;
                (_left, _inverseWidth, _lower, _upper, _mask) = (new float[cells], new float[cells], new float[cells], new float[cells], new float[cells]);
                for (int i = 0; i < encoded.Count; i++)
                {
                    var edges = encoded[i].Edges;
                    int slotBins = edges.Length - 1;
                    for (int t = 0; t < _bins; t++)
                    {
                        int cell = (i * _bins) + t;
                        bool used = t < slotBins;
                        _left[cell] = used ? edges[t] : 0;
                        _inverseWidth[cell] = used ? 1 / (edges[t + 1] - edges[t]) : 0;
                        // The first bin extrapolates below the training range, the last one above it.
                        _lower[cell] = t == 0 ? float.NegativeInfinity : 0;
                        _upper[cell] = used && t == slotBins - 1 ? float.PositiveInfinity : 1;
                        _mask[cell] = used ? 1 : 0;
                    }
                }
            }

            protected override Tensor Encode(Tensor numeric)
            {
                var device = numeric.device;
                var shape = new long[] { NumericCount, _bins };
                return numeric.unsqueeze(2).sub(tensor(_left, shape, device: device)).mul(tensor(_inverseWidth, shape, device: device))
                    .minimum(tensor(_upper, shape, device: device)).maximum(tensor(_lower, shape, device: device)).mul(tensor(_mask, shape, device: device))
                    .reshape(-1, NumericCount * _bins);
            }

            protected override string AppendEncoding(OnnxGraphBuilder graph, string numeric)
            {
                long[] shape = { NumericCount, _bins };
                string column = graph.Apply("Unsqueeze", "numeric_column", numeric, graph.AddInt64s("axis", new[] { 2L }, 1));
                string position = graph.Apply("Mul", "position", graph.Apply("Sub", "offset", column, graph.AddFloats("bin_left", _left, shape)), graph.AddFloats("bin_inverse_width", _inverseWidth, shape));
                string clipped = graph.Apply("Max", "clip_low", graph.Apply("Min", "clip_high", position, graph.AddFloats("bin_upper", _upper, shape)), graph.AddFloats("bin_lower", _lower, shape));
                string masked = graph.Apply("Mul", "bins", clipped, graph.AddFloats("bin_mask", _mask, shape));
                return graph.Apply("Reshape", "encoded", masked, graph.AddInt64s("shape", new[] { -1L, NumericCount * _bins }, 2));
            }
        }
    }
}
