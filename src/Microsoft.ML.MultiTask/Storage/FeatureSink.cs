using System;
using Microsoft.ML.MultiTask.Data;

namespace Microsoft.ML.MultiTask.Storage
{
    /// <summary>Receives the stored (non-zero) entries of the feature rows as the data is read, and then makes the matrix that holds them.</summary>
    internal abstract class FeatureSink : IDisposable
    {
        protected FeatureSink(int width)
        {
            Width = width;
        }

        public int Width { get; }

        public int RowCount { get; private set; }

        /// <summary>The stored entries so far.</summary>
        public long EntryCount { get; private set; }

        /// <summary>Whether the rows can be read densely (standardized features are: their zeros move).</summary>
        public abstract bool CanHoldDense { get; }

        /// <summary>Appends the next row: slot <c>indices[k]</c> holds <c>values[k]</c> (slots ascending, values finite and non-zero).</summary>
        public void Append(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
        {
            Write(indices, values);
            RowCount++;
            EntryCount += values.Length;
        }

        /// <summary>
        /// The matrix of the appended rows, read as (x − Offset)·Scale for every slot, zeros included, when
        /// <paramref name="dense"/>, and as x·Scale for the stored entries otherwise (x without a scaling); the sink's
        /// storage now belongs to the matrix.
        /// </summary>
        public abstract FeatureMatrix Complete(FeatureScaling? scaling, bool dense);

        /// <summary>Releases what the sink holds when the read fails before <see cref="Complete"/>.</summary>
        public virtual void Dispose()
        {
        }

        protected abstract void Write(ReadOnlySpan<int> indices, ReadOnlySpan<float> values);
    }
}
