using System.Collections.Generic;
using Microsoft.ML;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>The kind of a benchmarked task and so its figure: AUC, micro-accuracy (both higher is better) or RMSE (lower).</summary>
    public enum AccuracyTaskKind
    {
        Binary,
        Multiclass,
        Regression,
    }

    /// <summary>A task of an accuracy data set: its label column (Single; 0/1 for binary, NaN = missing) and kind.</summary>
    public sealed record AccuracyTask(string Column, AccuracyTaskKind Kind)
    {
        public bool HigherIsBetter => Kind != AccuracyTaskKind.Regression;

        public string Metric => Kind switch
        {
            AccuracyTaskKind.Binary => "AUC",
            AccuracyTaskKind.Multiclass => "accuracy",
            _ => "RMSE",
        };

        public TaskDefinition Definition() => Kind switch
        {
            AccuracyTaskKind.Binary => TaskDefinition.Binary(Column),
            AccuracyTaskKind.Multiclass => TaskDefinition.Multiclass(Column),
            _ => TaskDefinition.Regression(Column),
        };
    }

    /// <summary>A tabular data set split once into featurized train and test views (a "Features" vector, raw values) with its tasks.</summary>
    public sealed record AccuracyDataSet(string Name, string Description, IDataView Train, IDataView Test, IReadOnlyList<AccuracyTask> Tasks);
}
