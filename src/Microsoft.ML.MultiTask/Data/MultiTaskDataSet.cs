using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Data
{
    /// <summary>A data set read into memory: scaled features and, per task, its labels (NaN = missing).</summary>
    internal sealed class MultiTaskDataSet
    {
        private readonly float[][] _labels;
        private readonly int[] _labelWidths;
        private readonly BatchBuffers[] _buffers;

        public MultiTaskDataSet(FeatureMatrix features, float[][] labels, int[] labelWidths, FeatureScaling? scaling)
        {
            Scaling = scaling;
            Features = features;
            _labels = labels;
            _labelWidths = labelWidths;
            _buffers = new BatchBuffers[labels.Length];
            for (int i = 0; i < labels.Length; i++)
            {
                _buffers[i] = new BatchBuffers();
            }
        }

        public FeatureMatrix Features { get; }

        public int RowCount => Features.RowCount;

        /// <summary>The scaling applied to the features, or null.</summary>
        public FeatureScaling? Scaling { get; }

        /// <summary>The labels of task <paramref name="task"/>, row-major.</summary>
        public Span<float> Labels(int task) => _labels[task];

        public IReadOnlyList<float[]> AllLabels => _labels;

        /// <summary>A [rows.Length, label width] tensor of task <paramref name="task"/>'s labels.</summary>
        public Tensor LabelBatch(int task, ReadOnlySpan<int> rows, Device device)
        {
            int width = _labelWidths[task];
            var buffer = _buffers[task].Get(rows.Length * width);
            var source = _labels[task];
            for (int i = 0; i < rows.Length; i++)
            {
                Array.Copy(source, rows[i] * width, buffer, i * width, width);
            }
            var batch = tensor(buffer, new long[] { rows.Length, width });
            return device.type == TorchSharp.DeviceType.CPU ? batch : batch.to(device);
        }
    }
}
