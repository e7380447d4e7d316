using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>One logit; Score = logit, Probability = sigmoid, PredictedLabel = logit &gt; 0.</summary>
    internal sealed class BinaryTaskHead : TaskHead
    {
        public BinaryTaskHead(TaskDefinition definition)
            : base(definition)
        {
        }

        public override int OutputSize => 1;

        public override (Tensor Sum, Tensor Count) Loss(Tensor logits, Tensor labels)
        {
            var (mask, filled) = Split(labels);
            var losses = nn.functional.binary_cross_entropy_with_logits(logits, filled, reduction: nn.Reduction.None);
            return ((losses * mask).sum(), mask.sum());
        }

        public override void AppendOutputs(OnnxGraphBuilder graph, string logits, OnnxOutputCollector outputs)
        {
            var task = Definition;
            string zero = graph.AddFloats("zero", new[] { 0f }, 1);
            outputs.Add(task.ScoreColumnName, logits, OnnxElementType.Float, 1, scalar: true);
            outputs.Add(task.ProbabilityColumnName, graph.Apply("Sigmoid", "probability", logits), OnnxElementType.Float, 1, scalar: true);
            outputs.Add(task.PredictedLabelColumnName, graph.Apply("Greater", "predicted", logits, zero), OnnxElementType.Bool, 1, scalar: true);
        }
    }
}
