using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// The metrics of one task, as ML.NET's evaluator for the task's kind computed them. Exactly
    /// one of <see cref="Binary"/>, <see cref="Multiclass"/>, <see cref="Regression"/>,
    /// <see cref="MultiLabel"/> and <see cref="Ranking"/> is set, matching <see cref="Kind"/> (an ordinal task has <see cref="Multiclass"/>
    /// and <see cref="RankMeanAbsoluteError"/>).
    /// </summary>
    public sealed class TaskMetrics
    {
        /// <summary>Created by the task's definition, which alone knows which figures sum its kind up.</summary>
        internal TaskMetrics(string taskName, TaskKind kind, int labelledRowCount, IReadOnlyList<KeyValuePair<string, double>> headline, KeyValuePair<string, double> mainFigure)
        {
            TaskName = taskName;
            Kind = kind;
            LabelledRowCount = labelledRowCount;
            Headline = headline;
            MainFigure = mainFigure;
        }

        /// <summary>The task's name.</summary>
        public string TaskName { get; }

        /// <summary>The task's kind.</summary>
        public TaskKind Kind { get; }

        /// <summary>Rows with a label for this task; rows with a missing label are left out of its metrics.</summary>
        public int LabelledRowCount { get; }

        /// <summary>Rows whose label is a class the model never saw in training (multiclass only); they are left out.</summary>
        public int UnknownClassRowCount { get; internal init; }

        /// <summary>Binary tasks: AUC, accuracy, F1, log-loss and the rest, from ML.NET's binary evaluator.</summary>
        public CalibratedBinaryClassificationMetrics? Binary { get; internal init; }

        /// <summary>Multiclass and ordinal tasks: micro/macro accuracy, log-loss, confusion matrix, from ML.NET's multiclass evaluator.</summary>
        public MulticlassClassificationMetrics? Multiclass { get; internal init; }

        /// <summary>Ordinal tasks: the mean absolute distance in ranks between the predicted and the true class (0 = always right, 1 = one class off on average).</summary>
        public double? RankMeanAbsoluteError { get; internal init; }

        /// <summary>Ranking tasks: NDCG and DCG at 1 to 10, from ML.NET's ranking evaluator.</summary>
        public RankingMetrics? Ranking { get; internal init; }

        /// <summary>Regression tasks: MAE, RMSE, R², from ML.NET's regression evaluator.</summary>
        public RegressionMetrics? Regression { get; internal init; }

        /// <summary>Multi-label tasks: binary metrics per label and their micro and macro averages.</summary>
        public MultiLabelMetrics? MultiLabel { get; internal init; }

        /// <summary>The few figures that sum the task up, by name, as printed by <see cref="MultiTaskMetrics.ToString"/>.</summary>
        public IReadOnlyList<KeyValuePair<string, double>> Headline { get; }

        /// <summary>
        /// The one figure, by name, that compares tasks of any kind on a 0–1 scale where higher is better: AUC (binary),
        /// micro-accuracy (multiclass), R² (regression), micro-AUC (multi-label). Charts draw it.
        /// </summary>
        public KeyValuePair<string, double> MainFigure { get; }
    }
}
