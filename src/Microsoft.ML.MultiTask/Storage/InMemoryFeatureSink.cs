using System;
using System.Collections.Generic;
using Microsoft.ML.MultiTask.Data;

namespace Microsoft.ML.MultiTask.Storage
{
    /// <summary>Collects the entries in memory and stores them densely (standardized or mostly non-zero) or as compressed sparse rows.</summary>
    internal sealed class InMemoryFeatureSink : FeatureSink
    {
        private readonly List<long> _rowStarts = new List<long> { 0 };
        private readonly List<int> _indices = new List<int>();
        private readonly List<float> _values = new List<float>();

        public InMemoryFeatureSink(int width)
            : base(width)
        {
        }

        public override bool CanHoldDense => (long)RowCount * Width <= int.MaxValue;

        public override FeatureMatrix Complete(FeatureScaling? scaling, bool dense) => dense ? ToDense(scaling) : ToSparse(scaling);

        protected override void Write(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
        {
            _indices.AddRange(indices);
            _values.AddRange(values);
            _rowStarts.Add(_values.Count);
        }

        private DenseFeatureMatrix ToDense(FeatureScaling? scaling)
        {
            var dense = new float[RowCount * Width];
            for (int row = 0; row < RowCount; row++)
            {
                for (int k = (int)_rowStarts[row]; k < _rowStarts[row + 1]; k++)
                {
                    dense[(row * Width) + _indices[k]] = _values[k];
                }
            }
            if (scaling != null)
            {
                for (int i = 0; i < dense.Length; i++)
                {
                    int slot = i % Width;
                    dense[i] = scaling.Standardized(slot, dense[i]);
                }
            }
            return new DenseFeatureMatrix(dense, RowCount, Width);
        }

        private SparseFeatureMatrix ToSparse(FeatureScaling? scaling)
        {
            var stored = _values.ToArray();
            if (scaling != null)
            {
                for (int k = 0; k < stored.Length; k++)
                {
                    stored[k] = scaling.Rescaled(_indices[k], stored[k]);
                }
            }
            return new SparseFeatureMatrix(_rowStarts.ToArray(), _indices.ToArray(), stored, RowCount, Width);
        }
    }
}
