using System.ComponentModel;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Scoring.Mappings
{
    /// <summary>Output row of a <see cref="Scalarizer{T}"/>. Infrastructure; not for direct use.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class Scalar<T>
    {
        /// <summary>The fixed column name the scalar is written to.</summary>
        public const string ColumnName = "MultiTask.Scalarize.Out";

        /// <summary>The scalar.</summary>
        [ColumnName(ColumnName)]
        public T Value { get; set; } = default!;
    }
}
