using System;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Data
{
    /// <summary>
    /// The feature rows of a data set in memory, already scaled. Batches are gathered into a
    /// reused buffer and copied into a tensor's native memory, so a batch allocates nothing on the managed heap.
    /// </summary>
    internal abstract class FeatureMatrix
    {
        private readonly BatchBuffers _buffers = new BatchBuffers();

        protected FeatureMatrix(int rowCount, int width)
        {
            RowCount = rowCount;
            Width = width;
        }

        public int RowCount { get; }

        public int Width { get; }

        /// <summary>Fraction of non-zero entries, for the log.</summary>
        public abstract double Density { get; }

        /// <summary>How the rows are held, for the log.</summary>
        public abstract string Storage { get; }

        /// <summary>
        /// The first row of each block when the rows are read a block at a time (an epoch's order should then keep to one
        /// block at a time; see <see cref="Training.MinibatchOrder"/>), or null when any order costs the same.
        /// </summary>
        public virtual int[]? BlockStarts => null;

        /// <summary>Says in which order the rows will be asked for next, so storage that reads ahead can.</summary>
        public virtual void Plan(ReadOnlySpan<int> rows)
        {
        }

        /// <summary>A [rows.Length, Width] tensor of the given rows, on <paramref name="device"/>.</summary>
        public Tensor Batch(ReadOnlySpan<int> rows, Device device)
        {
            var buffer = _buffers.Get(rows.Length * Width);
            for (int i = 0; i < rows.Length; i++)
            {
                CopyRow(rows[i], buffer.Slice(i * Width, Width));
            }
            return _buffers.ToTensor(rows.Length, Width, device);
        }

        /// <summary>A new matrix holding the given rows, in that order.</summary>
        public abstract FeatureMatrix Subset(int[] rows);

        /// <summary>Calls <paramref name="visit"/> with (row, slot, value) for every non-zero entry, row by row (zeros are implicit).</summary>
        public abstract void VisitNonZeros(Action<int, int, float> visit);

        /// <summary>Writes row <paramref name="row"/> densely into <paramref name="destination"/>.</summary>
        protected abstract void CopyRow(int row, Span<float> destination);
    }
}
