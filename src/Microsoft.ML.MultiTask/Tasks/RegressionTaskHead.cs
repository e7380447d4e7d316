using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>
    /// One output on the standardized label scale; the graph maps it back (Score = output·std + mean),
    /// so the loss of a task measured in thousands does not drown the others.
    /// </summary>
    internal class RegressionTaskHead : TaskHead
    {
        public RegressionTaskHead(TaskDefinition definition, float mean, float standardDeviation)
            : base(definition)
        {
            Mean = mean;
            StandardDeviation = standardDeviation;
        }

        public float Mean { get; }

        public float StandardDeviation { get; }

        public override Ensembles.MemberAverage MemberAverage { get; } = new Ensembles.MeanAverage();

        public override int OutputSize => 1;

        public override void PrepareLabels(Span<float> labels)
        {
            for (int i = 0; i < labels.Length; i++)
            {
                labels[i] = (labels[i] - Mean) / StandardDeviation;
            }
        }

        /// <summary>R² (unchanged by the standardization, which maps label and score alike).</summary>
        public override KeyValuePair<string, double> ValidationMetric(MLContext mlContext, float[] logits, ReadOnlySpan<float> labels)
        {
            var rows = new List<Evaluation.RegressionEvaluationRow>();
            for (int row = 0; row < labels.Length; row++)
            {
                if (!float.IsNaN(labels[row]))
                {
                    rows.Add(new Evaluation.RegressionEvaluationRow { Label = labels[row], Score = logits[row] });
                }
            }
            if (rows.Count == 0)
            {
                throw new InvalidOperationException($"Cannot evaluate task '{Definition.Name}': the validation set has no labelled row.");
            }
            var view = mlContext.Data.LoadFromEnumerable(rows);
            return KeyValuePair.Create("R2", mlContext.Regression.Evaluate(view, nameof(Evaluation.RegressionEvaluationRow.Label), nameof(Evaluation.RegressionEvaluationRow.Score)).RSquared);
        }

        public override Tensor LossSum(Tensor logits, Tensor labels, Tensor? mask)
            => MaskedSum((logits - labels).square(), mask);

        public override void AppendOutputs(OnnxGraphBuilder graph, string logits, OnnxOutputCollector outputs)
        {
            string scale = graph.AddFloats("label_std", new[] { StandardDeviation }, 1);
            string shift = graph.AddFloats("label_mean", new[] { Mean }, 1);
            string score = graph.Apply("Add", "score", graph.Apply("Mul", "scaled", logits, scale), shift);
            outputs.Add(Definition.ScoreColumnName, score, OnnxElementType.Float, 1, scalar: true);
        }
    }
}
