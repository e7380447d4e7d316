using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>The distinct values of a scalar column loaded from CSV, with their counts, to infer or check a task's kind.</summary>
    internal sealed class ColumnValues
    {
        private ColumnValues(DataViewType type, IReadOnlyDictionary<string, int> counts, IReadOnlyCollection<string> missingTexts)
        {
            Type = type;
            Counts = counts;
            MissingTexts = missingTexts;
        }

        public DataViewType Type { get; }

        /// <summary>Count per distinct non-missing value (numbers in round-trip form), up to <see cref="Read"/>'s limit.</summary>
        public IReadOnlyDictionary<string, int> Counts { get; }

        /// <summary>The missing-value markers a text column holds, as written (empty, NA, ?, ...).</summary>
        public IReadOnlyCollection<string> MissingTexts { get; }

        public bool IsText => Type is TextDataViewType;

        /// <summary>Whether every value is a whole number.</summary>
        public bool AllWholeNumbers => Type is NumberDataViewType && Counts.Keys.All(v => Math.Abs(double.Parse(v, CultureInfo.InvariantCulture) % 1) == 0);

        /// <summary>Reads the column; stops counting new values past <paramref name="maxDistinct"/> (more than that many is all a caller needs to know).</summary>
        public static ColumnValues Read(IDataView data, string column, int maxDistinct)
        {
            var schemaColumn = data.Schema[column];
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var missingTexts = new HashSet<string>(StringComparer.Ordinal);
            using var cursor = data.GetRowCursor(new[] { schemaColumn });
            Func<string?> next = schemaColumn.Type switch
            {
                TextDataViewType => CursorValues.Of<ReadOnlyMemory<char>, string?>(cursor, schemaColumn, v => Text(v.ToString())),
                BooleanDataViewType => CursorValues.Of<bool, string?>(cursor, schemaColumn, v => v.ToString()),
                NumberDataViewType when schemaColumn.Type.RawType == typeof(float) => CursorValues.Of<float, string?>(cursor, schemaColumn, v => float.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture)),
                _ => throw new UsageException($"Column '{column}' is of type {schemaColumn.Type}; a label column must hold numbers, true/false or text."),
            };
            string? Text(string text)
            {
                if (!CsvInference.IsMissingMarker(text))
                {
                    return text;
                }
                missingTexts.Add(text);
                return null;
            }
            while (cursor.MoveNext())
            {
                string? value = next();
                if (value == null)
                {
                    continue;
                }
                if (counts.TryGetValue(value, out int count))
                {
                    counts[value] = count + 1;
                }
                else if (counts.Count <= maxDistinct)
                {
                    counts[value] = 1;
                }
            }
            return new ColumnValues(schemaColumn.Type, counts, missingTexts);
        }
    }
}
