using System;

namespace Microsoft.ML.MultiTask.Data
{
    /// <summary>Features in compressed sparse rows: only non-zero values and their slots are kept.</summary>
    internal sealed class SparseFeatureMatrix : FeatureMatrix
    {
        private readonly long[] _rowStarts;
        private readonly int[] _indices;
        private readonly float[] _values;

        /// <summary>Row r's entries are at positions rowStarts[r] to rowStarts[r + 1] - 1 of indices and values.</summary>
        public SparseFeatureMatrix(long[] rowStarts, int[] indices, float[] values, int rowCount, int width)
            : base(rowCount, width)
        {
            _rowStarts = rowStarts;
            _indices = indices;
            _values = values;
        }

        public override double Density => RowCount == 0 ? 0 : (double)_rowStarts[RowCount] / ((double)RowCount * Width);

        public override string Storage => "in memory, sparse";

        public override FeatureMatrix Subset(int[] rows)
        {
            var starts = new long[rows.Length + 1];
            for (int i = 0; i < rows.Length; i++)
            {
                starts[i + 1] = starts[i] + (_rowStarts[rows[i] + 1] - _rowStarts[rows[i]]);
            }
            var indices = new int[starts[rows.Length]];
            var values = new float[starts[rows.Length]];
            for (int i = 0; i < rows.Length; i++)
            {
                long from = _rowStarts[rows[i]];
                int count = (int)(_rowStarts[rows[i] + 1] - from);
                Array.Copy(_indices, from, indices, starts[i], count);
                Array.Copy(_values, from, values, starts[i], count);
            }
            return new SparseFeatureMatrix(starts, indices, values, rows.Length, Width);
        }

        public override void VisitNonZeros(Action<int, int, float> visit)
        {
            for (int row = 0; row < RowCount; row++)
            {
                for (long k = _rowStarts[row]; k < _rowStarts[row + 1]; k++)
                {
                    if (_values[k] != 0)
                    {
                        visit(row, _indices[k], _values[k]);
                    }
                }
            }
        }

        protected override void CopyRow(int row, Span<float> destination)
        {
            destination.Clear();
            for (long k = _rowStarts[row]; k < _rowStarts[row + 1]; k++)
            {
                destination[_indices[k]] = _values[k];
            }
        }
    }
}
