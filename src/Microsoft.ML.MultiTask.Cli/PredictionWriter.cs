using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>
    /// Writes the task output columns of scored data to CSV, one line per input row in order: numbers as they are, vectors
    /// as one column per slot (named by the slot, e.g. a class), predicted keys as their class names.
    /// </summary>
    internal static class PredictionWriter
    {
        /// <summary>Writes the columns; returns the rows written.</summary>
        public static int Write(IDataView scored, IReadOnlyList<DataViewSchema.Column> columns, TextWriter writer)
        {
            var fields = columns.Select(c => Field(c, scored.Schema)).ToList();
            writer.WriteLine(string.Join(",", fields.SelectMany(f => f.Headers).Select(Quote)));
            int rows = 0;
            using var cursor = scored.GetRowCursor(columns);
            var readers = fields.Select(f => f.Reader(cursor)).ToList();
            while (cursor.MoveNext())
            {
                writer.WriteLine(string.Join(",", readers.SelectMany(read => read()).Select(Quote)));
                rows++;
            }
            return rows;
        }

        private static (IReadOnlyList<string> Headers, Func<DataViewRowCursor, Func<IEnumerable<string>>> Reader) Field(DataViewSchema.Column column, DataViewSchema schema)
        {
            switch (column.Type)
            {
                case KeyDataViewType:
                    var names = new VBuffer<ReadOnlyMemory<char>>();
                    column.GetKeyValues(ref names);
                    var classes = names.DenseValues().Select(v => v.ToString()).ToArray();
                    return (new[] { column.Name }, cursor => CursorValues.Of<uint, IEnumerable<string>>(cursor, column, key => new[] { key == 0 || key > classes.Length ? string.Empty : classes[key - 1] }));
                case VectorDataViewType vector when vector.ItemType.RawType == typeof(float):
                    var headers = SlotHeaders(column, vector.Size, schema);
                    return (headers.Select(h => $"{column.Name}[{h}]").ToArray(), cursor => CursorValues.Of<VBuffer<float>, IEnumerable<string>>(cursor, column, v => v.DenseValues().Select(Number)));
                case BooleanDataViewType:
                    return (new[] { column.Name }, cursor => CursorValues.Of<bool, IEnumerable<string>>(cursor, column, v => new[] { v ? "true" : "false" }));
                case TextDataViewType:
                    return (new[] { column.Name }, cursor => CursorValues.Of<ReadOnlyMemory<char>, IEnumerable<string>>(cursor, column, v => new[] { v.ToString() }));
                default:
                    return (new[] { column.Name }, cursor => CursorValues.Of<float, IEnumerable<string>>(cursor, column, v => new[] { Number(v) }));
            }
        }

        /// <summary>A vector's slot names; for a task's class scores (<c>T.Score</c>) the classes of <c>T.PredictedLabel</c>; else the indexes.</summary>
        private static string[] SlotHeaders(DataViewSchema.Column column, int size, DataViewSchema schema)
        {
            var names = new VBuffer<ReadOnlyMemory<char>>();
            if (column.HasSlotNames())
            {
                column.GetSlotNames(ref names);
                return names.DenseValues().Select(v => v.ToString()).ToArray();
            }
            int dot = column.Name.LastIndexOf('.');
            var predicted = dot < 0 ? null : schema.GetColumnOrNull(column.Name.Substring(0, dot) + ".PredictedLabel");
            if (predicted is DataViewSchema.Column key && key.Type is KeyDataViewType keyType && (int)keyType.Count == size && key.HasKeyValues())
            {
                key.GetKeyValues(ref names);
                return names.DenseValues().Select(v => v.ToString()).ToArray();
            }
            return Enumerable.Range(0, size).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        }

        private static string Number(float value) => float.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

        private static string Quote(string field) => field.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
    }
}
