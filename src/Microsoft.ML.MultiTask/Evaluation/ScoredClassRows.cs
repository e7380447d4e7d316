using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Tasks;

namespace Microsoft.ML.MultiTask.Evaluation
{
    /// <summary>
    /// The labelled rows of a task that scores classes (multiclass, ordinal), read from scored data: each label as its
    /// index among the classes of the task's <c>PredictedLabel</c> key, with the row's <c>Score</c> vector.
    /// </summary>
    internal sealed class ScoredClassRows
    {
        private ScoredClassRows(string[] classes, int width, List<MulticlassEvaluationRow> rows, int unknownCount)
        {
            Classes = classes;
            Width = width;
            Rows = rows;
            UnknownCount = unknownCount;
        }

        /// <summary>The classes, in the order of the score vector.</summary>
        public IReadOnlyList<string> Classes { get; }

        public int Width { get; }

        public IReadOnlyList<MulticlassEvaluationRow> Rows { get; }

        /// <summary>Rows whose label is a class the model never saw in training; they are left out.</summary>
        public int UnknownCount { get; }

        public static ScoredClassRows Read(TaskDefinition task, IDataView scored)
        {
            var label = task.GetLabelColumn(scored.Schema, "data to evaluate");
            var score = ScoredColumns.Find(scored.Schema, task.ScoreColumnName, task.Name);
            var predicted = ScoredColumns.Find(scored.Schema, task.PredictedLabelColumnName, task.Name);
            if (!(predicted.Type is KeyDataViewType predictedKey) || !predicted.HasKeyValues())
            {
                throw new ArgumentOutOfRangeException(nameof(scored),
                    $"Output column '{task.PredictedLabelColumnName}' of task '{task.Name}' has type {predicted.Type}; expected a key type with the class names as key values.");
            }
            string[] classes = LabelGetters.KeyNames(predicted, predictedKey);
            int width = ScoredColumns.VectorSize(score, task.Name);
            var rows = new List<MulticlassEvaluationRow>();
            using var cursor = scored.GetRowCursor(new[] { label, score });
            var labelReader = new ClassLabelReader(LabelGetters.ClassName(cursor, label), classes, growing: false);
            var scoreGetter = cursor.GetGetter<VBuffer<float>>(score);
            VBuffer<float> scores = default;
            Span<float> value = stackalloc float[1];
            while (cursor.MoveNext())
            {
                labelReader.Read(value);
                if (float.IsNaN(value[0]))
                {
                    continue;
                }
                scoreGetter(ref scores);
                rows.Add(MulticlassEvaluationRow.Create((int)value[0], scores.DenseValues()));
            }
            return new ScoredClassRows(classes, width, rows, labelReader.UnknownCount);
        }
    }
}
