using System;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>Typed reads of a cursor's column, as a function of the current row.</summary>
    internal static class CursorValues
    {
        /// <summary>A function that reads the column at the cursor's current row and formats the value.</summary>
        public static Func<TResult> Of<T, TResult>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, TResult> format)
        {
            var getter = cursor.GetGetter<T>(column);
            T value = default!;
            return () =>
            {
                getter(ref value);
                return format(value);
            };
        }
    }
}
