using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Metrics of a multi-label task: ML.NET's binary metrics for each label, for all labels pooled
    /// (micro average) and the mean over labels (macro average).
    /// </summary>
    public sealed class MultiLabelMetrics
    {
        internal MultiLabelMetrics(IReadOnlyList<string> labelNames, IReadOnlyList<CalibratedBinaryClassificationMetrics?> perLabel, CalibratedBinaryClassificationMetrics micro)
        {
            LabelNames = labelNames;
            PerLabel = perLabel;
            Micro = micro;
            var defined = perLabel.Where(m => m != null).Select(m => m!).ToList();
            MacroAreaUnderRocCurve = defined.Count == 0 ? double.NaN : defined.Average(m => m.AreaUnderRocCurve);
            MacroAccuracy = defined.Count == 0 ? double.NaN : defined.Average(m => m.Accuracy);
            MacroF1Score = defined.Count == 0 ? double.NaN : defined.Average(m => m.F1Score);
        }

        /// <summary>The label names: the label column's slot names, or "0", "1", … when it has none.</summary>
        public IReadOnlyList<string> LabelNames { get; }

        /// <summary>Metrics per label, in slot order; null for a label whose evaluation rows hold only one class.</summary>
        public IReadOnlyList<CalibratedBinaryClassificationMetrics?> PerLabel { get; }

        /// <summary>Metrics over all labelled (row, label) pairs pooled together.</summary>
        public CalibratedBinaryClassificationMetrics Micro { get; }

        /// <summary>Mean AUC over the labels that have both classes.</summary>
        public double MacroAreaUnderRocCurve { get; }

        /// <summary>Mean accuracy over the labels that have both classes.</summary>
        public double MacroAccuracy { get; }

        /// <summary>Mean F1 score over the labels that have both classes.</summary>
        public double MacroF1Score { get; }
    }
}
