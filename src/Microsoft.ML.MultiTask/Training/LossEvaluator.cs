using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Tasks;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>Mean loss per task over a whole data set, in evaluation mode (the validation loss of every epoch).</summary>
    internal static class LossEvaluator
    {
        /// <summary>Rows per forward pass (no gradients, so larger than training batches).</summary>
        private const int BatchSize = 4096;

        /// <summary>Per task, the logits of every row (row-major), in evaluation mode.</summary>
        public static float[][] Logits(IMultiTaskNetwork network, MultiTaskDataSet data, Device device, TrainingCancellation cancellation)
        {
            network.Module.eval();
            var chunks = new List<float[]>[0];
            var rows = Enumerable.Range(0, data.RowCount).ToArray();
            data.Features.Plan(rows);
            using (no_grad())
            {
                for (int start = 0; start < rows.Length; start += BatchSize)
                {
                    cancellation.ThrowIfCanceled();
                    using var scope = NewDisposeScope();
                    var logits = network.Forward(data.Features.Batch(rows.AsSpan(start, Math.Min(BatchSize, rows.Length - start)), device));
                    if (chunks.Length == 0)
                    {
                        chunks = logits.Select(_ => new List<float[]>()).ToArray();
                    }
                    for (int task = 0; task < logits.Count; task++)
                    {
                        chunks[task].Add(TensorValues.Of(logits[task]));
                    }
                }
            }
            return chunks.Select(list => list.SelectMany(c => c).ToArray()).ToArray();
        }

        /// <summary>Loss sums and labelled-entry counts per task.</summary>
        public static (double[] Sums, double[] Counts) Evaluate(IMultiTaskNetwork network, IReadOnlyList<TaskHead> heads, MultiTaskDataSet data, Device device, TrainingCancellation cancellation)
        {
            network.Module.eval();
            var sums = new double[heads.Count];
            var counts = new double[heads.Count];
            var rows = Enumerable.Range(0, data.RowCount).ToArray();
            data.Features.Plan(rows);
            using (no_grad())
            {
                for (int start = 0; start < rows.Length; start += BatchSize)
                {
                    cancellation.ThrowIfCanceled();
                    using var scope = NewDisposeScope();
                    var batch = rows.AsSpan(start, Math.Min(BatchSize, rows.Length - start));
                    var logits = network.Forward(data.Features.Batch(batch, device));
                    for (int task = 0; task < heads.Count; task++)
                    {
                        var (labels, mask, count) = data.LabelBatch(task, batch, device);
                        sums[task] += heads[task].LossSum(logits[task], labels, mask).item<float>();
                        counts[task] += count;
                    }
                }
            }
            return (sums, counts);
        }
    }
}
