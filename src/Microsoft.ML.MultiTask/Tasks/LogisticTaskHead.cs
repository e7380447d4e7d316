using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>
    /// Independent yes/no outputs, one logit each: Score = logit, Probability = sigmoid,
    /// PredictedLabel = logit &gt; 0, loss = binary cross-entropy over the labelled entries.
    /// A binary task is the one-output, scalar-column case; a multi-label task has a vector of them.
    /// </summary>
    internal abstract class LogisticTaskHead : TaskHead
    {
        private readonly int _width;
        private readonly bool _scalar;

        protected LogisticTaskHead(TaskDefinition definition, int width, bool scalar)
            : base(definition)
        {
            _width = width;
            _scalar = scalar;
        }

        public override int OutputSize => _width;

        public override Tensor LossSum(Tensor logits, Tensor labels, Tensor? mask)
            => MaskedSum(nn.functional.binary_cross_entropy_with_logits(logits, labels, reduction: nn.Reduction.None), mask);

        public override void AppendOutputs(OnnxGraphBuilder graph, string logits, OnnxOutputCollector outputs)
        {
            var task = Definition;
            string zero = graph.AddFloats("zero", new[] { 0f }, 1);
            outputs.Add(task.ScoreColumnName, logits, OnnxElementType.Float, _width, _scalar);
            outputs.Add(task.ProbabilityColumnName, graph.Apply("Sigmoid", "probability", logits), OnnxElementType.Float, _width, _scalar);
            outputs.Add(task.PredictedLabelColumnName, graph.Apply("Greater", "predicted", logits, zero), OnnxElementType.Bool, _width, _scalar);
        }
    }
}
