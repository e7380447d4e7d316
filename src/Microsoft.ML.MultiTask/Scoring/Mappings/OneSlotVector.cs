using System;
using System.ComponentModel;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Scoring.Mappings
{
    /// <summary>Input row of a <see cref="Scalarizer{T}"/>: a one-slot vector under a fixed column name. Infrastructure; not for direct use.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class OneSlotVector<T>
    {
        /// <summary>The fixed column name the scoring chain copies a graph output to.</summary>
        public const string ColumnName = "MultiTask.Scalarize.In";

        /// <summary>The one-slot vector.</summary>
        [ColumnName(ColumnName)]
        [VectorType(1)]
        public T[] Value { get; set; } = Array.Empty<T>();
    }
}
