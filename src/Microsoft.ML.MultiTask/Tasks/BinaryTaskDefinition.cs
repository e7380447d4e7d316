using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Evaluation;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>A yes/no task: bool or 0/1 number label, one logit, sigmoid probability.</summary>
    internal sealed class BinaryTaskDefinition : TaskDefinition
    {
        public BinaryTaskDefinition(string name, string? labelColumnName, float lossWeight)
            : base(name, labelColumnName, lossWeight)
        {
        }

        public override TaskKind Kind => TaskKind.Binary;

        internal override bool StratifiesValidationSplit => true;

        internal override string ExpectedLabelTypes => "Boolean, Single, Double or an integer type (1 = positive, 0 = negative; NaN = missing for Single and Double)";

        internal override bool IsSupportedLabelType(DataViewType type) => LabelGetters.IsNumericScalar(type);

        internal override TaskHead CreateShapeOnlyHead() => new BinaryTaskHead(this);

        internal override TaskLabelReader CreateLabelReader(DataViewRow row, DataViewSchema.Column column)
            => new ScalarLabelReader(LabelGetters.Numeric(row, column));

        internal override TaskHead CreateHead(TaskLabelReader reader, ReadOnlySpan<float> labels)
        {
            int positives = 0, negatives = 0;
            for (int row = 0; row < labels.Length; row++)
            {
                float label = labels[row];
                if (label == 1f)
                {
                    positives++;
                }
                else if (label == 0f)
                {
                    negatives++;
                }
                else if (!float.IsNaN(label))
                {
                    throw new InvalidOperationException(
                        $"Label column '{LabelColumnName}' of binary task '{Name}' has the value {label} at row {row}; a binary label must be 1 (positive), 0 (negative) or NaN (missing).");
                }
            }
            if (positives + negatives == 0)
            {
                throw NoLabels();
            }
            if (positives == 0 || negatives == 0)
            {
                throw new InvalidOperationException(
                    $"Label column '{LabelColumnName}' of binary task '{Name}' holds only {(positives == 0 ? "negative" : "positive")} labels ({positives + negatives} labelled rows); a binary task needs both classes in the training data.");
            }
            return new BinaryTaskHead(this);
        }

        internal override TaskMetrics Evaluate(MLContext mlContext, IDataView scored)
        {
            var label = GetLabelColumn(scored.Schema, "data to evaluate");
            var score = ScoredColumns.Find(scored.Schema, ScoreColumnName, Name);
            var probability = ScoredColumns.Find(scored.Schema, ProbabilityColumnName, Name);
            var predicted = ScoredColumns.Find(scored.Schema, PredictedLabelColumnName, Name);
            var rows = new List<BinaryEvaluationRow>();
            using (var cursor = scored.GetRowCursor(new[] { label, score, probability, predicted }))
            {
                var labelReader = CreateLabelReader(cursor, label);
                var scoreGetter = cursor.GetGetter<float>(score);
                var probabilityGetter = cursor.GetGetter<float>(probability);
                var predictedGetter = cursor.GetGetter<bool>(predicted);
                Span<float> value = stackalloc float[1];
                while (cursor.MoveNext())
                {
                    labelReader.Read(value);
                    if (float.IsNaN(value[0]))
                    {
                        continue;
                    }
                    var row = new BinaryEvaluationRow { Label = value[0] > 0 };
                    scoreGetter(ref row.Score);
                    probabilityGetter(ref row.Probability);
                    predictedGetter(ref row.PredictedLabel);
                    rows.Add(row);
                }
            }
            var metrics = BinaryEvaluationRow.Evaluate(mlContext, rows, Name);
            var headline = new[]
            {
                KeyValuePair.Create("AUC", metrics.AreaUnderRocCurve), KeyValuePair.Create("Accuracy", metrics.Accuracy),
                KeyValuePair.Create("F1", metrics.F1Score), KeyValuePair.Create("LogLoss", metrics.LogLoss),
            };
            return new TaskMetrics(Name, Kind, rows.Count, headline, KeyValuePair.Create("AUC", metrics.AreaUnderRocCurve)) { Binary = metrics };
        }
    }
}
