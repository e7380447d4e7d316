using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Evaluation;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>Several independent yes/no labels in one vector column: one logit per label.</summary>
    internal sealed class MultiLabelTaskDefinition : TaskDefinition
    {
        public MultiLabelTaskDefinition(string name, string? labelColumnName, float lossWeight)
            : base(name, labelColumnName, lossWeight)
        {
        }

        public override TaskKind Kind => TaskKind.MultiLabel;

        internal override LabelScale LabelScale => LabelScale.Several;

        internal override string ExpectedLabelTypes => "a known-size vector of Boolean, Single or Double (1/0, NaN = missing slot)";

        internal override bool IsSupportedLabelType(DataViewType type)
            => type is VectorDataViewType vector && vector.IsKnownSize && vector.Size > 0
                && (vector.ItemType is BooleanDataViewType || vector.ItemType == NumberDataViewType.Single || vector.ItemType == NumberDataViewType.Double);

        internal override bool IsSupportedLabelShape(SchemaShape.Column column)
            => column.Kind == SchemaShape.Column.VectorKind.Vector && column.ItemType is PrimitiveDataViewType item
                && IsSupportedLabelType(new VectorDataViewType(item, 1));

        internal override TaskHead CreateShapeOnlyHead() => new MultiLabelTaskHead(this, 1);

        internal override TaskLabelReader CreateLabelReader(DataViewRow row, DataViewSchema.Column column)
            => new VectorLabelReader(row, column);

        internal override TaskHead CreateHead(TaskLabelReader reader, ReadOnlySpan<float> labels)
        {
            int width = reader.Width;
            if (CountLabelled(labels, width) == 0)
            {
                throw NoLabels();
            }
            int positives = 0, negatives = 0;
            for (int i = 0; i < labels.Length; i++)
            {
                float label = labels[i];
                if (!float.IsNaN(label) && label != 0f && label != 1f)
                {
                    throw new InvalidOperationException(
                        $"Label column '{LabelColumnName}' of multi-label task '{Name}' has the value {label} at row {i / width}, slot {i % width}; each slot must be 1, 0 or NaN (missing).");
                }
                positives += label == 1f ? 1 : 0;
                negatives += label == 0f ? 1 : 0;
            }
            // As for a binary task: with one class only there is nothing to learn, and no AUC to evaluate.
            if (positives == 0 || negatives == 0)
            {
                throw new InvalidOperationException(
                    $"Label column '{LabelColumnName}' of multi-label task '{Name}' holds only {(positives == 0 ? "negative" : "positive")} labels ({positives + negatives} labelled values); a multi-label task needs both classes in the training data.");
            }
            return new MultiLabelTaskHead(this, width);
        }

        internal override TaskMetrics Evaluate(MLContext mlContext, IDataView scored)
        {
            var label = GetLabelColumn(scored.Schema, "data to evaluate");
            var score = ScoredColumns.Find(scored.Schema, ScoreColumnName, Name);
            var probability = ScoredColumns.Find(scored.Schema, ProbabilityColumnName, Name);
            var predicted = ScoredColumns.Find(scored.Schema, PredictedLabelColumnName, Name);
            int width = ScoredColumns.VectorSize(score, Name);
            var perLabel = Enumerable.Range(0, width).Select(_ => new List<BinaryEvaluationRow>()).ToArray();
            int labelledRows = 0;
            using (var cursor = scored.GetRowCursor(new[] { label, score, probability, predicted }))
            {
                var labelReader = CreateLabelReader(cursor, label);
                if (labelReader.Width != width)
                {
                    throw new ArgumentOutOfRangeException(nameof(scored),
                        $"Label column '{LabelColumnName}' of task '{Name}' has {labelReader.Width} slots but the model predicts {width}.");
                }
                var scoreGetter = cursor.GetGetter<VBuffer<float>>(score);
                var probabilityGetter = cursor.GetGetter<VBuffer<float>>(probability);
                var predictedGetter = cursor.GetGetter<VBuffer<bool>>(predicted);
                VBuffer<float> scores = default, probabilities = default;
                VBuffer<bool> predictions = default;
                var labels = new float[width];
                while (cursor.MoveNext())
                {
                    labelReader.Read(labels);
                    if (labels.All(float.IsNaN))
                    {
                        continue;
                    }
                    labelledRows++;
                    scoreGetter(ref scores);
                    probabilityGetter(ref probabilities);
                    predictedGetter(ref predictions);
                    for (int slot = 0; slot < width; slot++)
                    {
                        if (!float.IsNaN(labels[slot]))
                        {
                            perLabel[slot].Add(new BinaryEvaluationRow
                            {
                                Label = labels[slot] > 0,
                                Score = scores.GetItemOrDefault(slot),
                                Probability = probabilities.GetItemOrDefault(slot),
                                PredictedLabel = predictions.GetItemOrDefault(slot),
                            });
                        }
                    }
                }
            }
            var names = LabelNames(label, width);
            var metrics = perLabel.Select(rows => rows.Any(r => r.Label) && rows.Any(r => !r.Label)
                ? BinaryEvaluationRow.Evaluate(mlContext, rows, Name)
                : null).ToArray();
            var micro = BinaryEvaluationRow.Evaluate(mlContext, perLabel.SelectMany(rows => rows).ToList(), Name);
            var multiLabel = new MultiLabelMetrics(names, metrics, micro);
            var headline = new[]
            {
                KeyValuePair.Create("MicroAUC", micro.AreaUnderRocCurve), KeyValuePair.Create("MacroAUC", multiLabel.MacroAreaUnderRocCurve),
                KeyValuePair.Create("MacroF1", multiLabel.MacroF1Score), KeyValuePair.Create("MicroAcc", micro.Accuracy),
            };
            return new TaskMetrics(Name, Kind, labelledRows, headline, KeyValuePair.Create("micro-AUC", micro.AreaUnderRocCurve)) { MultiLabel = multiLabel };
        }

        private static string[] LabelNames(DataViewSchema.Column label, int width)
        {
            var names = Enumerable.Range(0, width).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
            if (label.HasSlotNames())
            {
                VBuffer<ReadOnlyMemory<char>> slotNames = default;
                label.GetSlotNames(ref slotNames);
                int i = 0;
                foreach (var name in slotNames.DenseValues())
                {
                    if (!name.IsEmpty)
                    {
                        names[i] = name.ToString();
                    }
                    i++;
                }
            }
            return names;
        }
    }
}
