using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Evaluation
{
    /// <summary>One labelled row in ML.NET's multiclass column layout: the label as a 0-based class index, the prediction as a key.</summary>
    internal sealed class MulticlassEvaluationRow
    {
        public float Label;

        public float[] Score = Array.Empty<float>();

        public uint PredictedLabel;

        public static MulticlassEvaluationRow Create(int classIndex, IEnumerable<float> scores)
        {
            var row = new MulticlassEvaluationRow { Label = classIndex, Score = scores.ToArray() };
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

        /// <summary>Runs ML.NET's multiclass evaluator; the predicted-label key carries the class names.</summary>
        public static MulticlassClassificationMetrics Evaluate(MLContext mlContext, IReadOnlyCollection<MulticlassEvaluationRow> rows, IReadOnlyList<string> classes, int width, string taskName)
        {
            if (rows.Count == 0)
            {
                throw new InvalidOperationException($"Cannot evaluate task '{taskName}': the evaluation data has no row with a known class label.");
            }
            var schema = SchemaDefinition.Create(typeof(MulticlassEvaluationRow));
            var keyType = new KeyDataViewType(typeof(uint), classes.Count);
            var names = new VBuffer<ReadOnlyMemory<char>>(classes.Count, classes.Select(c => c.AsMemory()).ToArray());
            schema[nameof(PredictedLabel)].ColumnType = keyType;
            schema[nameof(PredictedLabel)].AddAnnotation("KeyValues", names, new VectorDataViewType(TextDataViewType.Instance, classes.Count));
            schema[nameof(Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
            var view = mlContext.Data.LoadFromEnumerable(rows, schema);
            return mlContext.MulticlassClassification.Evaluate(view, nameof(Label), nameof(Score), nameof(PredictedLabel));
        }
    }
}
