using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Evaluation
{
    /// <summary>Finds a task's output column in scored data, with an error a user can act on.</summary>
    internal static class ScoredColumns
    {
        public static DataViewSchema.Column Find(DataViewSchema schema, string columnName, string taskName)
        {
            var column = schema.GetColumnOrNull(columnName);
            if (column == null)
            {
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"Output column '{columnName}' of task '{taskName}' is not in the data to evaluate; pass data transformed by the fitted multi-task model.");
            }
            return column.Value;
        }

        /// <summary>The number of slots of a vector output column (ONNX outputs are [1, K] shaped vectors).</summary>
        public static int VectorSize(DataViewSchema.Column column, string taskName)
        {
            if (column.Type is VectorDataViewType vector && vector.IsKnownSize)
            {
                return vector.Size;
            }
            throw new ArgumentOutOfRangeException(nameof(column),
                $"Output column '{column.Name}' of task '{taskName}' has type {column.Type}; expected a known-size vector.");
        }
    }
}
