using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Evaluation
{
    /// <summary>One labelled row in ML.NET's binary-classification column layout.</summary>
    internal sealed class BinaryEvaluationRow
    {
        /// <summary>The true label.</summary>
        public bool Label;

        /// <summary>The logit.</summary>
        public float Score;

        /// <summary>The probability of the positive class.</summary>
        public float Probability;

        /// <summary>The predicted class.</summary>
        public bool PredictedLabel;

        /// <summary>Runs ML.NET's binary evaluator over labelled rows; both classes must be present.</summary>
        internal static CalibratedBinaryClassificationMetrics Evaluate(MLContext mlContext, IReadOnlyCollection<BinaryEvaluationRow> rows, string what)
        {
            bool anyPositive = rows.Any(r => r.Label), anyNegative = rows.Any(r => !r.Label);
            if (!anyPositive || !anyNegative)
            {
                throw new InvalidOperationException(
                    $"Cannot evaluate '{what}': the evaluation data has {rows.Count} labelled rows and {(rows.Count == 0 ? "no labels" : anyPositive ? "no negative label" : "no positive label")}; AUC and F1 need both classes.");
            }
            var view = mlContext.Data.LoadFromEnumerable(rows);
            return mlContext.BinaryClassification.Evaluate(view, nameof(Label), nameof(Score), nameof(Probability), nameof(PredictedLabel));
        }
    }
}
