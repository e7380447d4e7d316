using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Evaluation;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>A real-valued task; the network learns the standardized label.</summary>
    internal class RegressionTaskDefinition : TaskDefinition
    {
        public RegressionTaskDefinition(string name, string? labelColumnName, float lossWeight)
            : base(name, labelColumnName, lossWeight)
        {
        }

        public override TaskKind Kind => TaskKind.Regression;

        internal override string ExpectedLabelTypes => "Single or Double (NaN = missing)";

        internal override bool IsSupportedLabelType(DataViewType type)
            => type == NumberDataViewType.Single || type == NumberDataViewType.Double;

        internal override TaskHead CreateShapeOnlyHead() => new RegressionTaskHead(this, 0f, 1f);

        internal override TaskLabelReader CreateLabelReader(DataViewRow row, DataViewSchema.Column column)
            => new ScalarLabelReader(Data.LabelGetters.Numeric(row, column));

        internal override void ValidateSettings(bool hasValidationSet)
        {
            if (BalanceClasses)
            {
                throw NotForThisKind(nameof(BalanceClasses), "which has no classes");
            }
            if (LabelSmoothing != 0)
            {
                throw NotForThisKind(nameof(LabelSmoothing), "which has no classes");
            }
            if (Threshold != null)
            {
                throw NotForThisKind(nameof(Threshold), "which predicts a number");
            }
        }

        internal override TaskHead CreateHead(TaskLabelReader reader, ReadOnlySpan<float> labels)
        {
            double sum = 0, sumSquares = 0;
            int count = 0;
            for (int row = 0; row < labels.Length; row++)
            {
                float label = labels[row];
                if (float.IsNaN(label))
                {
                    continue;
                }
                if (float.IsInfinity(label))
                {
                    throw new InvalidOperationException(
                        $"Label column '{LabelColumnName}' of regression task '{Name}' has an infinite value at row {row}; use NaN for a missing label.");
                }
                sum += label;
                sumSquares += (double)label * label;
                count++;
            }
            if (count == 0)
            {
                throw NoLabels();
            }
            double mean = sum / count;
            double deviation = Math.Sqrt(Math.Max(0, (sumSquares / count) - (mean * mean)));
            return new RegressionTaskHead(this, (float)mean, deviation > 1e-12 ? (float)deviation : 1f);
        }

        internal override TaskMetrics Evaluate(MLContext mlContext, IDataView scored)
        {
            var label = GetLabelColumn(scored.Schema, "data to evaluate");
            var score = ScoredColumns.Find(scored.Schema, ScoreColumnName, Name);
            var rows = new List<RegressionEvaluationRow>();
            using (var cursor = scored.GetRowCursor(new[] { label, score }))
            {
                var labelReader = CreateLabelReader(cursor, label);
                var scoreGetter = cursor.GetGetter<float>(score);
                Span<float> value = stackalloc float[1];
                while (cursor.MoveNext())
                {
                    labelReader.Read(value);
                    if (float.IsNaN(value[0]))
                    {
                        continue;
                    }
                    var row = new RegressionEvaluationRow { Label = value[0] };
                    scoreGetter(ref row.Score);
                    rows.Add(row);
                }
            }
            if (rows.Count == 0)
            {
                throw new InvalidOperationException($"Cannot evaluate task '{Name}': the evaluation data has no labelled row in column '{LabelColumnName}'.");
            }
            var metrics = mlContext.Regression.Evaluate(mlContext.Data.LoadFromEnumerable(rows), nameof(RegressionEvaluationRow.Label), nameof(RegressionEvaluationRow.Score));
            var headline = new[]
            {
                KeyValuePair.Create("MAE", metrics.MeanAbsoluteError), KeyValuePair.Create("RMSE", metrics.RootMeanSquaredError), KeyValuePair.Create("R2", metrics.RSquared),
            };
            return new TaskMetrics(Name, Kind, rows.Count, headline, KeyValuePair.Create("R²", metrics.RSquared)) { Regression = metrics };
        }
    }
}
