using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.MultiTask.Encodings;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>
    /// One standardized output per group with a labelled training row, plus a pooled output, after the task's shared head
    /// layers. The group of a row is read from its group column's one-hot slots in the feature vector (through the inverse
    /// of the feature scaling), in training and in the scoring graph alike. The logits are two columns: the row's group's
    /// output (the pooled one for a group without a head: unseen in training, or all slots 0) and the pooled output; the
    /// loss is the mean of their squared errors, so the pooled output learns from every row. Score = the first column.
    /// </summary>
    internal sealed class GroupedRegressionTaskHead : RegressionTaskHead
    {
        /// <summary>The most groups one task may have a head for.</summary>
        public const int MaxGroups = 10_000;

        private readonly bool[] _labelled;
        private long[]? _slots;
        private float[] _multipliers = Array.Empty<float>();
        private float[] _offsets = Array.Empty<float>();
        private string[] _groups = Array.Empty<string>();

        /// <param name="definition">The task.</param>
        /// <param name="mean">The training labels' mean.</param>
        /// <param name="standardDeviation">The training labels' standard deviation.</param>
        /// <param name="labelled">Per training row, whether it has a label (only groups with one get a head).</param>
        public GroupedRegressionTaskHead(GroupedRegressionTaskDefinition definition, float mean, float standardDeviation, bool[] labelled)
            : base(definition, mean, standardDeviation)
        {
            _labelled = labelled;
        }

        private int GroupCount => _groups.Length;

        /// <summary>One output per group and the pooled one; two (the logits' width) before <see cref="Bind"/>.</summary>
        public override int OutputSize => _slots == null ? 2 : GroupCount + 1;

        /// <summary>The groups with a head of their own, in output order.</summary>
        public override IReadOnlyList<string>? ClassNames => _groups;

        public override void Bind(EncodingContext features)
        {
            string column = Definition.GroupColumnName!;
            string task = $"Group column '{column}' of grouped task '{Definition.Name}'";
            if (features.SlotNames == null)
            {
                throw new InvalidOperationException($"{task} is read from the feature vector's one-hot slots, but the feature column has no slot names; build it with mlContext.Transforms.Categorical.OneHotEncoding(\"{column}\") and Concatenate.");
            }
            var (found, notOneHot) = OneHotGroups.Find(features);
            var group = found.FirstOrDefault(c => c.Name == column);
            if (group == null)
            {
                throw new InvalidOperationException(notOneHot.TryGetValue(column, out string? reason)
                    ? $"{task}: the feature slots named '{column}.*' are not one-hot ({reason})."
                    : $"{task} has no slots in the feature vector (slots named '{column}.<value>'); one-hot encode it and concatenate it into the features: mlContext.Transforms.Categorical.OneHotEncoding(\"{column}\"), then Concatenate(\"Features\", ..., \"{column}\").");
            }
            // Only groups with a labelled training row get a head: another's output would be untrained.
            var labelledRows = new int[features.Features.Width];
            var slotIndex = group.Slots.Select((slot, i) => (slot, i)).ToDictionary(p => p.slot, p => p.i);
            features.Features.VisitNonZeros((row, slot, value) =>
            {
                if (slotIndex.ContainsKey(slot) && _labelled[row] && features.Raw(slot, value) > 0.5f)
                {
                    labelledRows[slot]++;
                }
            });
            var kept = group.Slots.Select((slot, i) => (slot, i)).Where(p => labelledRows[p.slot] > 0).ToArray();
            if (kept.Length > MaxGroups)
            {
                throw new InvalidOperationException($"{task} has {kept.Length} groups with labelled rows; a grouped task has at most {MaxGroups} (one output each).");
            }
            if (kept.Length == 0)
            {
                throw new InvalidOperationException($"{task}: no labelled training row has a 1 in any of its one-hot slots.");
            }
            _slots = kept.Select(p => (long)p.slot).ToArray();
            _groups = kept.Select(p => group.Categories[p.i]).ToArray();
            var unscaling = kept.Select(p => features.Unscaling(p.slot)).ToArray();
            _multipliers = unscaling.Select(u => u.Multiplier).ToArray();
            _offsets = unscaling.Select(u => u.Offset).ToArray();
        }

        public override Tensor SelectLogits(Tensor outputs, Tensor features)
        {
            if (_slots == null)
            {
                return outputs;
            }
            int g = GroupCount;
            // With ensemble members in training, the head's rows are k copies of the batch.
            long copies = outputs.shape[0] / features.shape[0];
            using var slots = tensor(_slots, device: features.device);
            using var multipliers = tensor(_multipliers, device: features.device);
            using var offsets = tensor(_offsets, device: features.device);
            var raw = features.index_select(1, slots).mul(multipliers).add(offsets);
            var indicators = (copies == 1 ? raw : raw.repeat(copies, 1)).gt(0.5f).to_type(outputs.dtype);
            var pooled = outputs.narrow(1, g, 1);
            var own = outputs.narrow(1, 0, g).mul(indicators).sum(1, keepdim: true);
            var chosen = own.add(pooled.mul(indicators.sum(1, keepdim: true).neg().add(1)));
            return cat(new[] { chosen, pooled }, 1);
        }

        public override string AppendSelectLogits(OnnxGraphBuilder graph, string outputs, string features)
        {
            if (_slots == null)
            {
                return outputs;
            }
            int g = GroupCount;
            string raw = graph.Apply("Add", "group_raw", graph.Apply("Mul", "group_unscaled", graph.GatherColumns(features, _slots, "group"), graph.AddFloats("group_multipliers", _multipliers, g)),
                graph.AddFloats("group_offsets", _offsets, g));
            string indicators = graph.AddNode("Cast", new[] { graph.Apply("Greater", "in_group", raw, graph.AddFloats("half", new[] { 0.5f }, 1)) }, graph.Unique("group_indicators"), OnnxAttribute.Int("to", 1));
            string axis = graph.AddInt64s("axis", new[] { 1L }, 1);
            string Sum(string value, string prefix) => graph.AddNode("ReduceSum", new[] { value, axis }, graph.Unique(prefix), OnnxAttribute.Int("keepdims", 1));
            string pooled = graph.SliceColumns(outputs, g, g + 1, "pooled_output");
            string own = Sum(graph.Apply("Mul", "group_outputs", graph.SliceColumns(outputs, 0, g, "group_outputs"), indicators), "own_output");
            string unknown = graph.Apply("Sub", "no_group", graph.AddFloats("one", new[] { 1f }, 1), Sum(indicators, "has_group"));
            string chosen = graph.Apply("Add", "chosen_output", own, graph.Apply("Mul", "pooled_share", pooled, unknown));
            return graph.AddNode("Concat", new[] { chosen, pooled }, graph.Unique("grouped_logits"), OnnxAttribute.Int("axis", 1));
        }

        /// <summary>The mean of the row's group's and the pooled output's squared errors.</summary>
        public override Tensor LossSum(Tensor logits, Tensor labels, Tensor? mask) => base.LossSum(logits, labels, mask).mul(0.5f);

        /// <summary>R² of the row's group's output.</summary>
        public override KeyValuePair<string, double> ValidationMetric(MLContext mlContext, float[] logits, ReadOnlySpan<float> labels)
            => base.ValidationMetric(mlContext, logits.Where((_, i) => i % 2 == 0).ToArray(), labels);

        public override void AppendOutputs(OnnxGraphBuilder graph, string logits, OnnxOutputCollector outputs)
            => base.AppendOutputs(graph, graph.SliceColumns(logits, 0, 1, "own_logit"), outputs);
    }
}
