using System;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>
    /// One output on the standardized label scale; the graph maps it back (Score = output·std + mean),
    /// so the loss of a task measured in thousands does not drown the others.
    /// </summary>
    internal sealed class RegressionTaskHead : TaskHead
    {
        public RegressionTaskHead(TaskDefinition definition, float mean, float standardDeviation)
            : base(definition)
        {
            Mean = mean;
            StandardDeviation = standardDeviation;
        }

        public float Mean { get; }

        public float StandardDeviation { get; }

        public override int OutputSize => 1;

        public override void PrepareLabels(Span<float> labels)
        {
            for (int i = 0; i < labels.Length; i++)
            {
                labels[i] = (labels[i] - Mean) / StandardDeviation;
            }
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
