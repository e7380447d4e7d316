using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>One logit per label; Probability = sigmoid per slot, PredictedLabel = logit &gt; 0 per slot.</summary>
    internal sealed class MultiLabelTaskHead : TaskHead
    {
        private readonly int _width;

        public MultiLabelTaskHead(TaskDefinition definition, int width)
            : base(definition)
        {
            _width = width;
        }

        public override int OutputSize => _width;

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
            outputs.Add(task.ScoreColumnName, logits, OnnxElementType.Float, _width, scalar: false);
            outputs.Add(task.ProbabilityColumnName, graph.Apply("Sigmoid", "probability", logits), OnnxElementType.Float, _width, scalar: false);
            outputs.Add(task.PredictedLabelColumnName, graph.Apply("Greater", "predicted", logits, zero), OnnxElementType.Bool, _width, scalar: false);
        }
    }
}
