using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>
    /// Independent yes/no outputs, one logit each: Score = logit, Probability = sigmoid,
    /// PredictedLabel = probability &gt; the slot's threshold (0.5 unless <see cref="TaskDefinition.Threshold"/> says otherwise),
    /// loss = binary cross-entropy over the labelled entries (with class weights and label smoothing when the task asks).
    /// A binary task is the one-output, scalar-column case; a multi-label task has a vector of them.
    /// </summary>
    internal abstract class LogisticTaskHead : TaskHead
    {
        private readonly int _width;
        private readonly bool _scalar;
        private float[]? _positiveWeights;
        private float[]? _negativeWeights;
        private float[]? _thresholds;

        protected LogisticTaskHead(TaskDefinition definition, int width, bool scalar)
            : base(definition)
        {
            _width = width;
            _scalar = scalar;
        }

        public override Ensembles.MemberAverage MemberAverage { get; } = new Ensembles.SigmoidAverage();

        public override int OutputSize => _width;

        /// <summary>Each slot's probability threshold of PredictedLabel.</summary>
        public IReadOnlyList<float> Thresholds => _thresholds ?? Enumerable.Repeat(0.5f, _width).ToArray();

        /// <summary>Sets each slot's probability threshold (chosen after training); the exported graph compares against it.</summary>
        public void SetThresholds(float[] probabilities) => _thresholds = probabilities;

        /// <summary>With <see cref="TaskDefinition.BalanceClasses"/>: per slot, positives weigh n/(2·n₊) and negatives n/(2·n₋).</summary>
        public override void FitClassWeights(ReadOnlySpan<float> labels)
        {
            if (!Definition.BalanceClasses)
            {
                return;
            }
            var positives = new double[_width];
            var labelled = new double[_width];
            for (int i = 0; i < labels.Length; i++)
            {
                if (!float.IsNaN(labels[i]))
                {
                    labelled[i % _width]++;
                    positives[i % _width] += labels[i];
                }
            }
            _positiveWeights = positives.Select((p, slot) => p > 0 ? (float)(labelled[slot] / (2 * p)) : 1f).ToArray();
            _negativeWeights = positives.Select((p, slot) => labelled[slot] > p ? (float)(labelled[slot] / (2 * (labelled[slot] - p))) : 1f).ToArray();
        }

        /// <summary>AUC over every labelled slot (for a multi-label task, the micro-averaged AUC).</summary>
        public override KeyValuePair<string, double> ValidationMetric(MLContext mlContext, float[] logits, ReadOnlySpan<float> labels)
        {
            var rows = new List<Evaluation.BinaryEvaluationRow>();
            for (int i = 0; i < labels.Length; i++)
            {
                if (!float.IsNaN(labels[i]))
                {
                    rows.Add(new Evaluation.BinaryEvaluationRow { Label = labels[i] > 0.5f, Score = logits[i], Probability = 1 / (1 + MathF.Exp(-logits[i])), PredictedLabel = logits[i] > 0 });
                }
            }
            return KeyValuePair.Create("AUC", Evaluation.BinaryEvaluationRow.Evaluate(mlContext, rows, Definition.Name).AreaUnderRocCurve);
        }

        public override Tensor LossSum(Tensor logits, Tensor labels, Tensor? mask)
        {
            float smoothing = Definition.LabelSmoothing;
            // Smoothing moves each 1/0 target ε/2 toward ½.
            var target = smoothing > 0 ? labels.mul(tensor(1 - smoothing, device: labels.device)).add(tensor(smoothing / 2, device: labels.device)) : labels;
            var losses = nn.functional.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.None);
            if (_positiveWeights != null)
            {
                var negative = tensor(_negativeWeights!, device: labels.device);
                losses = losses.mul(labels.mul(tensor(_positiveWeights, device: labels.device).sub(negative)).add(negative));
            }
            return MaskedSum(losses, mask);
        }

        public override void AppendOutputs(OnnxGraphBuilder graph, string logits, OnnxOutputCollector outputs)
        {
            var task = Definition;
            // Probability > p ⇔ logit > log(p / (1 − p)); without chosen thresholds that is logit > 0.
            string zero = _thresholds == null
                ? graph.AddFloats("zero", new[] { 0f }, 1)
                : graph.AddFloats("threshold_logits", _thresholds.Select(p => MathF.Log(p / (1 - p))).ToArray(), _width);
            outputs.Add(task.ScoreColumnName, logits, OnnxElementType.Float, _width, _scalar);
            outputs.Add(task.ProbabilityColumnName, graph.Apply("Sigmoid", "probability", logits), OnnxElementType.Float, _width, _scalar);
            outputs.Add(task.PredictedLabelColumnName, graph.Apply("Greater", "predicted", logits, zero), OnnxElementType.Bool, _width, _scalar);
        }
    }
}
