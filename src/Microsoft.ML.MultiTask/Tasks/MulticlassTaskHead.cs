using System;
using System.Collections.Generic;
using System.Linq;
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
        private float[]? _classWeights;

        public MulticlassTaskHead(MulticlassTaskDefinition definition, string[] classes)
            : base(definition)
        {
            _classes = classes;
        }

        public override Ensembles.MemberAverage MemberAverage { get; } = new Ensembles.SoftmaxAverage();

        public override int OutputSize => _classes.Length;

        public override IReadOnlyList<string> ClassNames => _classes;

        public override TaskLabelReader CreateLabelReader(DataViewRow row, DataViewSchema.Column column)
            => ((MulticlassTaskDefinition)Definition).CreateLabelReader(row, column, _classes);

        /// <summary>With <see cref="TaskDefinition.BalanceClasses"/>: class c weighs n / (k·n_c) (1 for a class without training rows).</summary>
        public override void FitClassWeights(ReadOnlySpan<float> labels)
        {
            if (!Definition.BalanceClasses)
            {
                return;
            }
            var counts = new double[_classes.Length];
            foreach (float label in labels)
            {
                if (!float.IsNaN(label))
                {
                    counts[(int)label]++;
                }
            }
            double total = counts.Sum();
            int present = counts.Count(c => c > 0);
            _classWeights = counts.Select(c => c > 0 ? (float)(total / (present * c)) : 1f).ToArray();
        }

        /// <summary>Micro-accuracy over the rows with a known class.</summary>
        public override KeyValuePair<string, double> ValidationMetric(MLContext mlContext, float[] logits, ReadOnlySpan<float> labels)
        {
            int k = _classes.Length;
            var rows = new List<Evaluation.MulticlassEvaluationRow>();
            for (int row = 0; row < labels.Length; row++)
            {
                if (!float.IsNaN(labels[row]))
                {
                    var z = logits.AsSpan(row * k, k).ToArray();
                    float max = z.Max();
                    var exp = z.Select(v => MathF.Exp(v - max)).ToArray();
                    float sum = exp.Sum();
                    rows.Add(Evaluation.MulticlassEvaluationRow.Create((int)labels[row], exp.Select(e => e / sum)));
                }
            }
            return KeyValuePair.Create("MicroAccuracy", Evaluation.MulticlassEvaluationRow.Evaluate(mlContext, rows, _classes, k, Definition.Name).MicroAccuracy);
        }

        public override Tensor LossSum(Tensor logits, Tensor labels, Tensor? mask)
        {
            var target = labels.squeeze(1).to_type(ScalarType.Int64);
            var weight = _classWeights == null ? null : tensor(_classWeights, device: logits.device);
            return MaskedSum(nn.functional.cross_entropy(logits, target, weight, reduction: nn.Reduction.None, label_smoothing: Definition.LabelSmoothing), mask?.squeeze(1));
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
