using System;

namespace Microsoft.ML.MultiTask.Data
{
    /// <summary>Features stored row-major in one array.</summary>
    internal sealed class DenseFeatureMatrix : FeatureMatrix
    {
        private readonly float[] _values;

        public DenseFeatureMatrix(float[] values, int rowCount, int width)
            : base(rowCount, width)
        {
            _values = values;
        }

        public override double Density => 1.0;

        public override string Storage => "in memory, dense";

        public override FeatureMatrix Subset(int[] rows)
        {
            var values = new float[rows.Length * Width];
            for (int i = 0; i < rows.Length; i++)
            {
                _values.AsSpan(rows[i] * Width, Width).CopyTo(values.AsSpan(i * Width, Width));
            }
            return new DenseFeatureMatrix(values, rows.Length, Width);
        }

        public override void VisitNonZeros(Action<int, int, float> visit)
        {
            for (int k = 0; k < _values.Length; k++)
            {
                if (_values[k] != 0)
                {
                    visit(k / Width, k % Width, _values[k]);
                }
            }
        }

        protected override void CopyRow(int row, Span<float> destination)
            => _values.AsSpan(row * Width, Width).CopyTo(destination);
    }
}
