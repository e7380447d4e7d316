using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Data
{
    /// <summary>A data set as read: scaled features (in memory or a temporary file), per task its labels (NaN = missing), and the example weights if any.</summary>
    internal sealed class MultiTaskDataSet : IDisposable
    {
        private readonly float[][] _labels;
        private readonly int[] _labelWidths;
        private readonly int[] _countedWidths;
        private readonly BatchBuffers[] _buffers;
        private readonly BatchBuffers[] _maskBuffers;
        private readonly float[]? _weights;
        private (float[] Filled, float[]? Mask)[]? _prepared;

        /// <param name="features">The scaled features.</param>
        /// <param name="labels">Per task, its labels row-major (NaN = missing).</param>
        /// <param name="labelWidths">Per task, the floats of a row.</param>
        /// <param name="countedWidths">Per task, the first floats of a row that are labels and count toward its mean loss (see <see cref="Tasks.TaskLabelReader.CountedWidth"/>).</param>
        /// <param name="scaling">The scaling applied to the features, or null.</param>
        /// <param name="weights">The example weights, or null.</param>
        public MultiTaskDataSet(FeatureMatrix features, float[][] labels, int[] labelWidths, int[] countedWidths, FeatureScaling? scaling, float[]? weights)
        {
            _countedWidths = countedWidths;
            Scaling = scaling;
            _weights = weights;
            Features = features;
            _labels = labels;
            _labelWidths = labelWidths;
            _buffers = labels.Select(_ => new BatchBuffers()).ToArray();
            _maskBuffers = labels.Select(_ => new BatchBuffers()).ToArray();
        }

        public FeatureMatrix Features { get; }

        public int RowCount => Features.RowCount;

        /// <summary>The scaling applied to the features, or null.</summary>
        public FeatureScaling? Scaling { get; }

        /// <summary>A data set of the given rows (features and every task's labels), with the same scaling.</summary>
        public MultiTaskDataSet Subset(int[] rows)
            => new MultiTaskDataSet(Features.Subset(rows), _labels.Select((labels, task) =>
            {
                int width = _labelWidths[task];
                var subset = new float[rows.Length * width];
                for (int i = 0; i < rows.Length; i++)
                {
                    Array.Copy(labels, rows[i] * width, subset, i * width, width);
                }
                return subset;
            }).ToArray(), _labelWidths, _countedWidths, Scaling, _weights == null ? null : rows.Select(row => _weights[row]).ToArray());

        /// <summary>Removes the features' temporary file, if they have one.</summary>
        public void Dispose() => (Features as IDisposable)?.Dispose();

        /// <summary>Rows with at least one labelled entry for task <paramref name="task"/>.</summary>
        public int LabelledRows(int task)
        {
            var labels = _labels[task];
            int width = _labelWidths[task], counted = _countedWidths[task], count = 0;
            for (int row = 0; row < labels.Length; row += width)
            {
                count += Array.FindIndex(labels, row, counted, v => !float.IsNaN(v)) >= 0 ? 1 : 0;
            }
            return count;
        }

        /// <summary>The labels of task <paramref name="task"/>, row-major.</summary>
        public Span<float> Labels(int task) => _labels[task];

        /// <summary>
        /// Task <paramref name="task"/>'s labels for the given rows: a [rows, width] tensor with missing entries
        /// set to 0, the matching mask — 1/0, or the row's example weight for a labelled entry (null when the task has no
        /// missing label and there are no weights) — and the mask's sum: the count of labelled entries, or their total weight.
        /// Labels must be final (see <see cref="Tasks.TaskHead.PrepareLabels"/>) before the first call.
        /// </summary>
        public (Tensor Labels, Tensor? Mask, double Count) LabelBatch(int task, ReadOnlySpan<int> rows, Device device)
        {
            _prepared ??= _labels.Select((labels, t) => Weighted(Tasks.TaskHead.FillMissing(labels), _labelWidths[t])).ToArray();
            var (filled, mask) = _prepared[task];
            int width = _labelWidths[task], counted = _countedWidths[task];
            var labels = Gather(filled, rows, width, _buffers[task], device);
            if (mask == null)
            {
                return (labels, null, rows.Length * counted);
            }
            var maskTensor = Gather(mask, rows, width, _maskBuffers[task], device);
            double count = 0;
            foreach (int row in rows)
            {
                for (int k = row * width; k < (row * width) + counted; k++)
                {
                    count += mask[k];
                }
            }
            return (labels, maskTensor, count);
        }

        /// <summary>The mask times each row's weight (a mask of ones when no label is missing).</summary>
        private (float[] Filled, float[]? Mask) Weighted((float[] Filled, float[]? Mask) prepared, int width)
        {
            if (_weights == null)
            {
                return prepared;
            }
            var mask = new float[prepared.Filled.Length];
            for (int k = 0; k < mask.Length; k++)
            {
                mask[k] = (prepared.Mask?[k] ?? 1f) * _weights[k / width];
            }
            return (prepared.Filled, mask);
        }

        private static Tensor Gather(float[] source, ReadOnlySpan<int> rows, int width, BatchBuffers buffers, Device device)
        {
            var buffer = buffers.Get(rows.Length * width);
            for (int i = 0; i < rows.Length; i++)
            {
                source.AsSpan(rows[i] * width, width).CopyTo(buffer.Slice(i * width, width));
            }
            return buffers.ToTensor(rows.Length, width, device);
        }
    }
}
