using System;

namespace Microsoft.ML.MultiTask.Data
{
    /// <summary>
    /// Per-slot sums, sums of squares and largest absolute values of the stored entries, added row by row as the data is
    /// read, so a scaling can be fitted without holding the rows (entries are added in the same order either way, so
    /// the sums, and the scaling, are the same bits).
    /// </summary>
    internal sealed class ScalingStatistics
    {
        private readonly double[] _sum;
        private readonly double[] _squares;
        private readonly float[] _maxAbs;

        public ScalingStatistics(int width)
        {
            _sum = new double[width];
            _squares = new double[width];
            _maxAbs = new float[width];
        }

        /// <summary>Adds stored entries: slot <c>indices[k]</c> holds <c>values[k]</c>.</summary>
        public void Add(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
        {
            for (int k = 0; k < values.Length; k++)
            {
                int slot = indices[k];
                _sum[slot] += values[k];
                _squares[slot] += (double)values[k] * values[k];
                _maxAbs[slot] = Math.Max(_maxAbs[slot], MathF.Abs(values[k]));
            }
        }

        /// <summary>Standardization (mean 0, variance 1) or division by the largest absolute value, over <paramref name="rowCount"/> rows.</summary>
        public FeatureScaling Fit(long rowCount, bool standardize) => FeatureScaling.FromStatistics(_sum, _squares, _maxAbs, rowCount, standardize);
    }
}
