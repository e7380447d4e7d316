using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Evaluation
{
    /// <summary>One labelled row in ML.NET's multiclass column layout (label and prediction as 1-based keys).</summary>
    internal sealed class MulticlassEvaluationRow
    {
        public uint Label;

        public float[] Score = Array.Empty<float>();

        public uint PredictedLabel;

        public static MulticlassEvaluationRow Create(int classIndex, IEnumerable<float> scores)
        {
            var row = new MulticlassEvaluationRow { Label = (uint)classIndex + 1, Score = scores.ToArray() };
            int best = 0;
            for (int i = 1; i < row.Score.Length; i++)
            {
                if (row.Score[i] > row.Score[best])
                {
                    best = i;
                }
            }
            row.PredictedLabel = (uint)best + 1;
            return row;
        }

        /// <summary>Runs ML.NET's multiclass evaluator; the label key carries the class names.</summary>
        public static MulticlassClassificationMetrics Evaluate(MLContext mlContext, IReadOnlyCollection<MulticlassEvaluationRow> rows, IReadOnlyList<string> classes, int width, string taskName)
        {
            if (rows.Count == 0)
            {
                throw new InvalidOperationException($"Cannot evaluate task '{taskName}': the evaluation data has no row with a known class label.");
            }
            var schema = SchemaDefinition.Create(typeof(MulticlassEvaluationRow));
            var keyType = new KeyDataViewType(typeof(uint), classes.Count);
            var names = new VBuffer<ReadOnlyMemory<char>>(classes.Count, classes.Select(c => c.AsMemory()).ToArray());
            foreach (string column in new[] { nameof(Label), nameof(PredictedLabel) })
            {
                schema[column].ColumnType = keyType;
                schema[column].AddAnnotation("KeyValues", names, new VectorDataViewType(TextDataViewType.Instance, classes.Count));
            }
            schema[nameof(Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
            var view = mlContext.Data.LoadFromEnumerable(rows, schema);
            return mlContext.MulticlassClassification.Evaluate(view, nameof(Label), nameof(Score), nameof(PredictedLabel));
        }
    }
}
