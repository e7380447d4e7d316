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
    /// K ordered classes as K − 1 logits z_j of P(rank &gt; j), each trained with binary cross-entropy against 1[rank &gt; j]
    /// and summed over j (the log-likelihood of the K − 1 decisions; their mean learned slower on wine quality). Scoring makes them rank-consistent with a
    /// running minimum (P(rank &gt; j) cannot grow with j), then Score = class probabilities (differences of neighbours),
    /// PredictedLabel = the most probable class and ExpectedValue = v₀ + Σ_j P(rank &gt; j)·(v_{j+1} − v_j), v being the
    /// class values (the numbers for number labels, else 1..K).
    /// </summary>
    internal sealed class OrdinalTaskHead : TaskHead
    {
        private readonly string[] _classes;
        private readonly float[] _values;
        private readonly string[] _readClasses;
        private readonly int[] _rankOfRead;

        /// <param name="definition">The task.</param>
        /// <param name="classes">The classes, lowest first.</param>
        /// <param name="values">Each class's value for ExpectedValue.</param>
        /// <param name="readClasses">The classes as the training reader numbered them.</param>
        /// <param name="rankOfRead">The rank of each of <paramref name="readClasses"/>.</param>
        public OrdinalTaskHead(OrdinalTaskDefinition definition, string[] classes, float[] values, string[] readClasses, int[] rankOfRead)
            : base(definition)
        {
            _classes = classes;
            _values = values;
            _readClasses = readClasses;
            _rankOfRead = rankOfRead;
        }

        public override Ensembles.MemberAverage MemberAverage { get; } = new Ensembles.SigmoidAverage();

        public override int OutputSize => _classes.Length - 1;

        public override IReadOnlyList<string> ClassNames => _classes;

        /// <summary>Each class's value for ExpectedValue, lowest class first.</summary>
        public IReadOnlyList<float> ClassValues => _values;

        /// <summary>Numbers classes as the training reader did, so <see cref="PrepareLabels"/> maps both alike; a class not seen in training reads as missing.</summary>
        public override TaskLabelReader CreateLabelReader(DataViewRow row, DataViewSchema.Column column)
            => new ClassLabelReader(Data.LabelGetters.ClassName(row, column), _readClasses, growing: false);

        /// <summary>Class numbers as read → ranks (0 = lowest).</summary>
        public override void PrepareLabels(Span<float> labels)
        {
            for (int i = 0; i < labels.Length; i++)
            {
                if (!float.IsNaN(labels[i]))
                {
                    labels[i] = _rankOfRead[(int)labels[i]];
                }
            }
        }

        /// <summary>Class probabilities of one row's logits: the same rank-consistent map as the scoring graph.</summary>
        public float[] Probabilities(ReadOnlySpan<float> logits)
        {
            var probabilities = new float[_classes.Length];
            float above = 1f;
            float running = float.PositiveInfinity;
            for (int j = 0; j < logits.Length; j++)
            {
                running = MathF.Min(running, logits[j]);
                float next = 1f / (1f + MathF.Exp(-running));
                probabilities[j] = above - next;
                above = next;
            }
            probabilities[^1] = above;
            return probabilities;
        }

        /// <summary>Micro-accuracy over the labelled rows.</summary>
        public override KeyValuePair<string, double> ValidationMetric(MLContext mlContext, float[] logits, ReadOnlySpan<float> labels)
        {
            int width = OutputSize;
            var rows = new List<Evaluation.MulticlassEvaluationRow>();
            for (int row = 0; row < labels.Length; row++)
            {
                if (!float.IsNaN(labels[row]))
                {
                    rows.Add(Evaluation.MulticlassEvaluationRow.Create((int)labels[row], Probabilities(logits.AsSpan(row * width, width))));
                }
            }
            return KeyValuePair.Create("MicroAccuracy", Evaluation.MulticlassEvaluationRow.Evaluate(mlContext, rows, _classes, _classes.Length, Definition.Name).MicroAccuracy);
        }

        public override Tensor LossSum(Tensor logits, Tensor labels, Tensor? mask)
        {
            using var thresholds = arange(OutputSize, dtype: ScalarType.Float32, device: logits.device);
            // [B, 1] rank > [K − 1] threshold index → [B, K − 1] targets 1[rank > j].
            var target = labels.gt(thresholds).to_type(ScalarType.Float32);
            float smoothing = Definition.LabelSmoothing;
            if (smoothing > 0)
            {
                target = target.mul(1 - smoothing).add(smoothing / 2);
            }
            var losses = nn.functional.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.None).sum(new long[] { 1 });
            return MaskedSum(losses, mask?.squeeze(1));
        }

        public override void AppendOutputs(OnnxGraphBuilder graph, string logits, OnnxOutputCollector outputs)
        {
            var task = Definition;
            int k = _classes.Length;
            // Running minimum over the K − 1 logits, one column at a time (ONNX has no cumulative minimum).
            var columns = new string[k - 1];
            for (int j = 0; j < k - 1; j++)
            {
                string column = graph.SliceColumns(logits, j, j + 1, "threshold_logit");
                columns[j] = j == 0 ? column : graph.Apply("Min", "running_min", columns[j - 1], column);
            }
            string monotone = graph.AddNode("Concat", columns, graph.Unique("monotone_logits"), OnnxAttribute.Int("axis", 1));
            string above = graph.Apply("Sigmoid", "above", monotone);
            // Class probabilities: [1, P(>0), …, P(>K−2)] − [P(>0), …, P(>K−2), 0].
            string zero = graph.Apply("Mul", "zero", columns[0], graph.AddFloats("zero_factor", new[] { 0f }, 1));
            string one = graph.Apply("Add", "one", zero, graph.AddFloats("one", new[] { 1f }, 1));
            string upper = graph.AddNode("Concat", new[] { one, above }, graph.Unique("upper"), OnnxAttribute.Int("axis", 1));
            string lower = graph.AddNode("Concat", new[] { above, zero }, graph.Unique("lower"), OnnxAttribute.Int("axis", 1));
            string probabilities = graph.Apply("Sub", "class_probability", upper, lower);
            string best = graph.AddNode("ArgMax", new[] { probabilities }, graph.Unique("argmax"), OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 1));
            string label = graph.AddNode("Gather", new[] { graph.AddStrings("classes", _classes), best }, graph.Unique("label"), OnnxAttribute.Int("axis", 0));
            var steps = Enumerable.Range(0, k - 1).Select(j => _values[j + 1] - _values[j]).ToArray();
            string expected = graph.Apply("Add", "expected_value", graph.Apply("MatMul", "expected_steps", above, graph.AddFloats("class_steps", steps, k - 1, 1)), graph.AddFloats("lowest_value", new[] { _values[0] }, 1));
            outputs.Add(task.ScoreColumnName, probabilities, OnnxElementType.Float, k, scalar: false);
            outputs.Add(task.PredictedLabelColumnName, label, OnnxElementType.String, 1, scalar: true, keyClasses: _classes);
            outputs.Add(task.ExpectedValueColumnName, expected, OnnxElementType.Float, 1, scalar: true);
        }
    }
}
