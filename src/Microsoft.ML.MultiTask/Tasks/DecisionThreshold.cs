using System;
using System.Linq;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// How a binary or multi-label task turns its probability into <c>PredictedLabel</c>: a fixed probability, or one
    /// chosen per label on the validation set after training (maximum F1, or a target precision or recall). The chosen
    /// threshold is part of the exported graph, so the zip and <c>PredictionEngine</c> use it, and
    /// <see cref="MultiTaskTransformer.Thresholds"/> reports it. Set it with <see cref="TaskDefinition.Threshold"/>.
    /// </summary>
    public sealed class DecisionThreshold
    {
        private enum Rule
        {
            Fixed,
            MaximizeF1,
            TargetPrecision,
            TargetRecall,
        }

        private readonly Rule _rule;
        private readonly double _value;

        private DecisionThreshold(Rule rule, double value)
        {
            _rule = rule;
            _value = value;
        }

        /// <summary>PredictedLabel is true when the probability exceeds <paramref name="probability"/> (in (0, 1); 0.5 is the default without a threshold).</summary>
        /// <param name="probability">The probability above which a label is predicted.</param>
        public static DecisionThreshold Fixed(double probability)
            => probability > 0 && probability < 1 ? new DecisionThreshold(Rule.Fixed, probability)
                : throw new ArgumentOutOfRangeException(nameof(probability), probability, "A fixed decision threshold must be a probability in (0, 1).");

        /// <summary>The threshold that maximizes F1 on the validation set.</summary>
        public static DecisionThreshold MaximizeF1() => new DecisionThreshold(Rule.MaximizeF1, double.NaN);

        /// <summary>The lowest threshold whose precision on the validation set reaches <paramref name="precision"/> (the most recall at that precision).</summary>
        /// <param name="precision">The precision to reach, in (0, 1].</param>
        public static DecisionThreshold TargetPrecision(double precision)
            => precision > 0 && precision <= 1 ? new DecisionThreshold(Rule.TargetPrecision, precision)
                : throw new ArgumentOutOfRangeException(nameof(precision), precision, "A target precision must be in (0, 1].");

        /// <summary>The highest threshold whose recall on the validation set reaches <paramref name="recall"/> (the most precision at that recall).</summary>
        /// <param name="recall">The recall to reach, in (0, 1].</param>
        public static DecisionThreshold TargetRecall(double recall)
            => recall > 0 && recall <= 1 ? new DecisionThreshold(Rule.TargetRecall, recall)
                : throw new ArgumentOutOfRangeException(nameof(recall), recall, "A target recall must be in (0, 1].");

        /// <summary>True when the threshold is chosen on the validation set.</summary>
        internal bool NeedsValidation => _rule != Rule.Fixed;

        /// <summary>
        /// The probability threshold for one label, from validation probabilities and 1/0 labels (a fixed one ignores them);
        /// null when the rule cannot be met (a target out of reach, or labels of one class only).
        /// </summary>
        internal float? Choose(float[] probabilities, bool[] labels)
        {
            if (_rule == Rule.Fixed)
            {
                return (float)_value;
            }
            // Candidates: predicting positive for the k highest probabilities, k = 1..n; the threshold sits just below the k-th.
            var order = Enumerable.Range(0, probabilities.Length).OrderByDescending(i => probabilities[i]).ToArray();
            int positives = labels.Count(l => l);
            if (positives == 0 || positives == labels.Length)
            {
                return null;
            }
            double best = double.NegativeInfinity;
            float chosen = 0.5f;
            int truePositives = 0;
            for (int k = 1; k <= order.Length; k++)
            {
                truePositives += labels[order[k - 1]] ? 1 : 0;
                if (k < order.Length && probabilities[order[k]] == probabilities[order[k - 1]])
                {
                    continue; // a threshold cannot separate tied probabilities
                }
                double precision = truePositives / (double)k, recall = truePositives / (double)positives;
                float threshold = k < order.Length ? (probabilities[order[k - 1]] + probabilities[order[k]]) / 2 : probabilities[order[k - 1]] / 2;
                double score = _rule switch
                {
                    Rule.MaximizeF1 => precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0,
                    Rule.TargetPrecision => precision >= _value ? recall : double.NegativeInfinity,
                    _ => recall >= _value ? precision : double.NegativeInfinity,
                };
                if (score > best)
                {
                    (best, chosen) = (score, threshold);
                }
            }
            return double.IsNegativeInfinity(best) ? null : chosen;
        }

        /// <inheritdoc/>
        public override string ToString() => _rule switch
        {
            Rule.Fixed => $"Fixed({_value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})",
            Rule.MaximizeF1 => "MaximizeF1()",
            _ => $"{_rule}({_value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})",
        };
    }
}
