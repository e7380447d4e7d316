using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// The metrics of one task, as ML.NET's evaluator for the task's kind computed them. Exactly
    /// one of <see cref="Binary"/>, <see cref="Multiclass"/>, <see cref="Regression"/> and
    /// <see cref="MultiLabel"/> is set, matching <see cref="Kind"/>.
    /// </summary>
    public sealed class TaskMetrics
    {
        private TaskMetrics(string taskName, TaskKind kind, int labelledRowCount)
        {
            TaskName = taskName;
            Kind = kind;
            LabelledRowCount = labelledRowCount;
        }

        /// <summary>The task's name.</summary>
        public string TaskName { get; }

        /// <summary>The task's kind.</summary>
        public TaskKind Kind { get; }

        /// <summary>Rows with a label for this task; rows with a missing label are left out of its metrics.</summary>
        public int LabelledRowCount { get; }

        /// <summary>Rows whose label is a class the model never saw in training (multiclass only); they are left out.</summary>
        public int UnknownClassRowCount { get; private init; }

        /// <summary>Binary tasks: AUC, accuracy, F1, log-loss and the rest, from ML.NET's binary evaluator.</summary>
        public CalibratedBinaryClassificationMetrics? Binary { get; private init; }

        /// <summary>Multiclass tasks: micro/macro accuracy, log-loss, confusion matrix, from ML.NET's multiclass evaluator.</summary>
        public MulticlassClassificationMetrics? Multiclass { get; private init; }

        /// <summary>Regression tasks: MAE, RMSE, R², from ML.NET's regression evaluator.</summary>
        public RegressionMetrics? Regression { get; private init; }

        /// <summary>Multi-label tasks: binary metrics per label and their micro and macro averages.</summary>
        public MultiLabelMetrics? MultiLabel { get; private init; }

        /// <summary>The few figures that sum the task up, by name, as printed by <see cref="MultiTaskMetrics.ToString"/>.</summary>
        public IReadOnlyList<KeyValuePair<string, double>> Headline => Kind switch
        {
            TaskKind.Binary => new[] { Pair("AUC", Binary!.AreaUnderRocCurve), Pair("Accuracy", Binary.Accuracy), Pair("F1", Binary.F1Score), Pair("LogLoss", Binary.LogLoss) },
            TaskKind.Multiclass => new[] { Pair("MicroAcc", Multiclass!.MicroAccuracy), Pair("MacroAcc", Multiclass.MacroAccuracy), Pair("LogLoss", Multiclass.LogLoss) },
            TaskKind.Regression => new[] { Pair("MAE", Regression!.MeanAbsoluteError), Pair("RMSE", Regression.RootMeanSquaredError), Pair("R2", Regression.RSquared) },
            TaskKind.MultiLabel => new[] { Pair("MicroAUC", MultiLabel!.Micro.AreaUnderRocCurve), Pair("MacroAUC", MultiLabel.MacroAreaUnderRocCurve), Pair("MacroF1", MultiLabel.MacroF1Score), Pair("MicroAcc", MultiLabel.Micro.Accuracy) },
            _ => throw new InvalidOperationException($"Unknown task kind {Kind}."),
        };

        internal static TaskMetrics ForBinary(string name, int rows, CalibratedBinaryClassificationMetrics metrics)
            => new TaskMetrics(name, TaskKind.Binary, rows) { Binary = metrics };

        internal static TaskMetrics ForMulticlass(string name, int rows, int unknownClassRows, MulticlassClassificationMetrics metrics)
            => new TaskMetrics(name, TaskKind.Multiclass, rows) { Multiclass = metrics, UnknownClassRowCount = unknownClassRows };

        internal static TaskMetrics ForRegression(string name, int rows, RegressionMetrics metrics)
            => new TaskMetrics(name, TaskKind.Regression, rows) { Regression = metrics };

        internal static TaskMetrics ForMultiLabel(string name, int rows, MultiLabelMetrics metrics)
            => new TaskMetrics(name, TaskKind.MultiLabel, rows) { MultiLabel = metrics };

        private static KeyValuePair<string, double> Pair(string name, double value) => new KeyValuePair<string, double>(name, value);
    }
}
