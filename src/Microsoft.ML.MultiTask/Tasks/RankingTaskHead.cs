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
    /// One score per row. Loss (ListNet, Cao et al. 2007, with TF-Ranking's gain targets): per group, the cross-entropy
    /// between the softmax of its rows' scores and their shares of the NDCG gain 2^grade − 1; a group without a relevant
    /// row has no target and no loss. Each row carries its group's loss times its share, times the group's labelled rows,
    /// so the mean over rows is the size-weighted mean of the groups' losses. Groups are whatever rows of one group are
    /// in the batch (a minibatch holds whole groups but at its ends; see <see cref="MinibatchGroups"/>).
    /// </summary>
    internal sealed class RankingTaskHead : TaskHead
    {
        public RankingTaskHead(RankingTaskDefinition definition)
            : base(definition)
        {
        }

        public override Ensembles.MemberAverage MemberAverage { get; } = new Ensembles.MeanAverage();

        public override int OutputSize => 1;

        public override int[]? MinibatchGroups(ReadOnlySpan<float> labels)
        {
            var groups = new int[labels.Length / 2];
            for (int row = 0; row < groups.Length; row++)
            {
                float group = labels[(2 * row) + 1];
                // A row without a group goes alone.
                groups[row] = float.IsNaN(group) ? -1 - row : (int)group;
            }
            return groups;
        }

        /// <summary>Member m's copy of the rows gets groups offset by m × (groups + 1), so members' lists never merge.</summary>
        public override Tensor RepeatForMembers(Tensor labels, int members)
        {
            var copies = labels.repeat(members, 1);
            long rows = labels.shape[0];
            float stride = labels[TensorIndex.Colon, 1].max().item<float>() + 1;
            var offsets = new float[members * rows * 2];
            for (long i = 0; i < members * rows; i++)
            {
                offsets[(2 * i) + 1] = i / rows * stride;
            }
            return copies.add(tensor(offsets, new long[] { members * rows, 2 }, device: labels.device));
        }

        /// <summary>NDCG@10 from ML.NET's ranking evaluator.</summary>
        public override KeyValuePair<string, double> ValidationMetric(MLContext mlContext, float[] logits, ReadOnlySpan<float> labels)
        {
            var rows = new List<(float Grade, int Group, float Score)>();
            int groups = 0;
            for (int row = 0; row < logits.Length; row++)
            {
                if (!float.IsNaN(labels[2 * row]))
                {
                    int group = (int)labels[(2 * row) + 1];
                    groups = Math.Max(groups, group + 1);
                    rows.Add((labels[2 * row], group, logits[row]));
                }
            }
            var metrics = Evaluation.RankingEvaluationRow.Evaluate(mlContext, rows, groups, Definition.Name);
            return KeyValuePair.Create("NDCG@10", metrics.NormalizedDiscountedCumulativeGains[Evaluation.RankingEvaluationRow.TruncationLevel - 1]);
        }

        public override Tensor LossSum(Tensor logits, Tensor labels, Tensor? mask)
        {
            var scores = logits.squeeze(1);
            var grade = labels[TensorIndex.Colon, 0];
            var group = labels[TensorIndex.Colon, 1].to_type(ScalarType.Int64);
            var labelled = mask is null ? ones_like(grade) : mask[TensorIndex.Colon, 0];
            long groups = group.max().item<long>() + 1;
            Tensor PerGroup(Tensor values) => zeros(groups, dtype: values.dtype, device: values.device).index_add(0, group, values, 1);
            var present = labelled.gt(0).to_type(scores.dtype);
            var rowsInGroup = PerGroup(present).index_select(0, group);
            // Softmax within each group, stabilised by centring each group on its mean score, then shifting by the largest
            // centred score: no exponent is positive, and one per group is at least −(its group's score range).
            var centre = PerGroup(scores.detach().mul(present)).index_select(0, group).div(rowsInGroup.clamp_min(1));
            var centred = scores.sub(centre);
            var shift = centred.detach().mul(present).max();
            // Rows outside any list (no label) get exponent 0 before exp, so none overflows, and weigh 0 after.
            var exponentials = centred.sub(shift).mul(present).exp().mul(present);
            var logPartition = PerGroup(exponentials).clamp_min(float.Epsilon).log().index_select(0, group).add(shift);
            var gain = pow(2f, grade).sub(1).mul(present);
            var totalGain = PerGroup(gain).index_select(0, group);
            var share = gain.div(totalGain.clamp_min(float.Epsilon));
            // −share · log softmax, times the group's rows; the example weight (the mask's value) scales a row's term.
            var terms = share.mul(logPartition.sub(centred)).mul(rowsInGroup).mul(labelled);
            return terms.sum();
        }

        public override void AppendOutputs(OnnxGraphBuilder graph, string logits, OnnxOutputCollector outputs)
            => outputs.Add(Definition.ScoreColumnName, logits, OnnxElementType.Float, 1, scalar: true);
    }
}
