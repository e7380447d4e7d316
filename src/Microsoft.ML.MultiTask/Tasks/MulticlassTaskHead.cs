using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>One logit per class; Score = softmax (ML.NET's multiclass convention), PredictedLabel = the arg-max class.</summary>
    internal sealed class MulticlassTaskHead : TaskHead
    {
        private readonly string[] _classes;

        public MulticlassTaskHead(MulticlassTaskDefinition definition, string[] classes)
            : base(definition)
        {
            _classes = classes;
        }

        public override int OutputSize => _classes.Length;

        public override IReadOnlyList<string> ClassNames => _classes;

        public override TaskLabelReader CreateLabelReader(DataViewRow row, DataViewSchema.Column column)
            => ((MulticlassTaskDefinition)Definition).CreateLabelReader(row, column, _classes);

        public override Tensor LossSum(Tensor logits, Tensor labels, Tensor? mask)
        {
            var target = labels.squeeze(1).to_type(ScalarType.Int64);
            return MaskedSum(nn.functional.cross_entropy(logits, target, reduction: nn.Reduction.None), mask?.squeeze(1));
        }

        public override void AppendOutputs(OnnxGraphBuilder graph, string logits, OnnxOutputCollector outputs)
        {
            var task = Definition;
            string probabilities = graph.AddNode("Softmax", new[] { logits }, graph.Unique("softmax"), OnnxAttribute.Int("axis", 1));
            string best = graph.AddNode("ArgMax", new[] { logits }, graph.Unique("argmax"), OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 1));
            string names = graph.AddStrings("classes", _classes);
            string label = graph.AddNode("Gather", new[] { names, best }, graph.Unique("label"), OnnxAttribute.Int("axis", 0));
            outputs.Add(task.ScoreColumnName, probabilities, OnnxElementType.Float, _classes.Length, scalar: false);
            outputs.Add(task.PredictedLabelColumnName, label, OnnxElementType.String, 1, scalar: true, keyClasses: _classes);
        }
    }
}
