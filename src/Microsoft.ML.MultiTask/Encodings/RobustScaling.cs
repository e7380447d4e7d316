using System;
using System.Linq;
using Microsoft.ML.MultiTask.Encodings;
using Microsoft.ML.MultiTask.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Robust scaling with smooth clipping (RealMLP, Holzmüller et al. 2024): each numeric slot is centred on its training
    /// median, divided by its interquartile range, and passed through x ↦ x / √(1 + (x/3)²), which keeps the bulk of the
    /// values nearly unchanged while bounding outliers to ±3. Heavy-tailed columns then no longer squash the rest. Other
    /// slots (binary, one-hot) pass through. The medians and ranges are fitted in Fit and written into the ONNX graph.
    /// </summary>
    public sealed class RobustScaling : FeatureEncoding
    {
        /// <summary>The slots to scale. Default null: every slot whose training values are not all 0 or 1.</summary>
        public int[]? NumericSlots { get; set; }

        internal override void Validate(string optionName) => Encodings.NumericSlots.Validate(NumericSlots, optionName, nameof(NumericSlots));

        internal override FeatureEncoder Build(EncodingContext context)
        {
            var slots = Encodings.NumericSlots.Find(context, NumericSlots, nameof(NumericSlots), out int rows);
            var medians = new float[slots.Count];
            var inverseRanges = new float[slots.Count];
            for (int i = 0; i < slots.Count; i++)
            {
                var sorted = slots[i].NonZeros.Concat(Enumerable.Repeat(0f, rows - slots[i].NonZeros.Count)).OrderBy(v => v).ToArray();
                float Quantile(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
                float range = Quantile(0.75) - Quantile(0.25);
                medians[i] = Quantile(0.5);
                // A slot whose middle half is one value (mostly zeros, say) keeps its scale.
                inverseRanges[i] = range > 0 ? 1 / range : 1;
            }
            return new Encoder(context.InputSize, slots.Select(s => (long)s.Position).ToArray(), medians, inverseRanges);
        }

        private sealed class Encoder : NumericSlotEncoder
        {
            // Buffers fitted on the training data, part of the network's state (see PiecewiseLinearEncoding's encoder).
            private readonly Tensor medians;
            private readonly Tensor inverse_ranges;

            public Encoder(int width, long[] numeric, float[] medians, float[] inverseRanges)
                : base(nameof(RobustScaling), width, numeric, 1)
            {
                this.medians = Buffer(nameof(medians), medians, medians.Length);
                inverse_ranges = Buffer(nameof(inverse_ranges), inverseRanges, inverseRanges.Length);
            }

            protected override Tensor Encode(Tensor numeric)
            {
                var scaled = numeric.sub(medians.to(numeric.device)).mul(inverse_ranges.to(numeric.device));
                var third = scaled.mul(tensor(1f / 3, device: numeric.device));
                return scaled.div(third.mul(third).add(tensor(1f, device: numeric.device)).sqrt());
            }

            protected override string AppendEncoding(OnnxGraphBuilder graph, string numeric)
            {
                string scaled = graph.Apply("Mul", "robust", graph.Apply("Sub", "centred", numeric, graph.AddParameter("median", medians)), graph.AddParameter("inverse_iqr", inverse_ranges));
                string third = graph.Apply("Mul", "third", scaled, graph.AddFloats("one_third", new[] { 1f / 3 }, 1));
                string root = graph.Apply("Sqrt", "root", graph.Apply("Add", "one_plus", graph.Apply("Mul", "squared", third, third), graph.AddFloats("one", new[] { 1f }, 1)));
                return graph.Apply("Div", "clipped", scaled, root);
            }
        }
    }
}
