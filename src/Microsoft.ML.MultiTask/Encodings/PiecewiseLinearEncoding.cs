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
            foreach (var (slot, values) in Encodings.NumericSlots.Find(context, NumericSlots, nameof(NumericSlots), out int rows))
            {
                var edges = Edges(values, rows, Bins);
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

            // Buffers, not parameters: fitted on the training data, part of the network's state, so a model that starts
            // from this one (InitialWeights) encodes its features with the same bins.
            private readonly Tensor left;
            private readonly Tensor inverse_width;
            private readonly Tensor lower;
            private readonly Tensor upper;
            private readonly Tensor mask;

            /// <param name="width">The input width.</param>
            /// <param name="encoded">The encoded slots with their bin edges.</param>
            /// <param name="bins">The most bins of any slot (the others are padded with zeros).</param>
            public Encoder(int width, IReadOnlyList<(int Slot, float[] Edges)> encoded, int bins)
                : base(nameof(PiecewiseLinearEncoding), width, encoded.Select(e => (long)e.Slot).ToArray(), bins)
            {
                _bins = bins;
                int cells = encoded.Count * _bins;
                var (lefts, inverseWidths, lowers, uppers, masks) = (new float[cells], new float[cells], new float[cells], new float[cells], new float[cells]);
                for (int i = 0; i < encoded.Count; i++)
                {
                    var edges = encoded[i].Edges;
                    int slotBins = edges.Length - 1;
                    for (int t = 0; t < _bins; t++)
                    {
                        int cell = (i * _bins) + t;
                        bool used = t < slotBins;
                        lefts[cell] = used ? edges[t] : 0;
                        inverseWidths[cell] = used ? 1 / (edges[t + 1] - edges[t]) : 0;
                        // The first bin extrapolates below the training range, the last one above it.
                        lowers[cell] = t == 0 ? float.NegativeInfinity : 0;
                        uppers[cell] = used && t == slotBins - 1 ? float.PositiveInfinity : 1;
                        masks[cell] = used ? 1 : 0;
                    }
                }
                long[] shape = { encoded.Count, _bins };
                left = Buffer(nameof(left), lefts, shape);
                inverse_width = Buffer(nameof(inverse_width), inverseWidths, shape);
                lower = Buffer(nameof(lower), lowers, shape);
                upper = Buffer(nameof(upper), uppers, shape);
                mask = Buffer(nameof(mask), masks, shape);
            }

            protected override Tensor Encode(Tensor numeric)
            {
                var device = numeric.device;
                return numeric.unsqueeze(2).sub(left.to(device)).mul(inverse_width.to(device)).minimum(upper.to(device)).maximum(lower.to(device)).mul(mask.to(device))
                    .reshape(-1, NumericCount * _bins);
            }

            protected override string AppendEncoding(OnnxGraphBuilder graph, string numeric)
            {
                string column = graph.Apply("Unsqueeze", "numeric_column", numeric, graph.AddInt64s("axis", new[] { 2L }, 1));
                string position = graph.Apply("Mul", "position", graph.Apply("Sub", "offset", column, graph.AddParameter("bin_left", left)), graph.AddParameter("bin_inverse_width", inverse_width));
                string clipped = graph.Apply("Max", "clip_low", graph.Apply("Min", "clip_high", position, graph.AddParameter("bin_upper", upper)), graph.AddParameter("bin_lower", lower));
                string masked = graph.Apply("Mul", "bins", clipped, graph.AddParameter("bin_mask", mask));
                return graph.Apply("Reshape", "encoded", masked, graph.AddInt64s("shape", new[] { -1L, NumericCount * _bins }, 2));
            }
        }
    }
}
