using System;
using System.Globalization;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Data
{
    /// <summary>
    /// Turns a label column of any supported type into a uniform getter, with ML.NET's notions of
    /// "missing": NaN for numbers, key 0, and empty/<c>NA</c>/<c>N/A</c>/<c>?</c> for text.
    /// </summary>
    internal static class LabelGetters
    {
        /// <summary>True when <paramref name="type"/> is a scalar bool, float or double.</summary>
        public static bool IsNumericScalar(DataViewType type) =>
            type is BooleanDataViewType || type == NumberDataViewType.Single || type == NumberDataViewType.Double;

        /// <summary>A getter of a scalar bool/float/double label as float, NaN where missing.</summary>
        public static Func<float> Numeric(DataViewRow row, DataViewSchema.Column column)
        {
            if (column.Type is BooleanDataViewType)
            {
                return Converted(row, column, (bool value) => value ? 1f : 0f);
            }
            return column.Type == NumberDataViewType.Double
                ? Converted(row, column, (double value) => (float)value)
                : Converted(row, column, (float value) => value);
        }

        /// <summary>True when the value is ML.NET's or a CSV's marker of "no value".</summary>
        public static bool IsMissingText(ReadOnlySpan<char> text)
        {
            text = text.Trim();
            return text.IsEmpty
                || text.Equals("NA", StringComparison.OrdinalIgnoreCase)
                || text.Equals("N/A", StringComparison.OrdinalIgnoreCase)
                || text.Equals("?", StringComparison.Ordinal);
        }

        /// <summary>True when a class label of this type can be read by <see cref="ClassName"/>.</summary>
        public static bool IsClassLabel(DataViewType type) =>
            type is TextDataViewType || type is KeyDataViewType || type is BooleanDataViewType
            || type == NumberDataViewType.Int32 || type == NumberDataViewType.Int64 || type == NumberDataViewType.UInt32
            || type == NumberDataViewType.Int16 || type == NumberDataViewType.Byte
            || type == NumberDataViewType.Single || type == NumberDataViewType.Double;

        /// <summary>
        /// A getter of a class label as its name (text; a key's key value; a number in invariant
        /// form), or null where the label is missing.
        /// </summary>
        public static Func<string?> ClassName(DataViewRow row, DataViewSchema.Column column)
        {
            switch (column.Type)
            {
                case TextDataViewType _:
                    return Converted(row, column, (ReadOnlyMemory<char> value) => IsMissingText(value.Span) ? null : value.Span.Trim().ToString());
                case KeyDataViewType key:
                    {
                        string[] names = KeyNames(column, key);
                        var getter = KeyGetter(row, column, key);
                        return () =>
                        {
                            ulong value = getter();
                            return value == 0 || value > (ulong)names.Length ? null : names[value - 1];
                        };
                    }
                case BooleanDataViewType _:
                    return Converted(row, column, (bool value) => value ? "True" : "False");
            }
            if (column.Type == NumberDataViewType.Single || column.Type == NumberDataViewType.Double)
            {
                var numeric = Numeric(row, column);
                return () =>
                {
                    float value = numeric();
                    return float.IsNaN(value) ? null : value.ToString("R", CultureInfo.InvariantCulture);
                };
            }
            var integer = IntegerGetter(row, column);
            return () => integer().ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The class names of a key type: its key values, or "1".."K" when it has none.</summary>
        public static string[] KeyNames(DataViewSchema.Column column, KeyDataViewType key)
        {
            int count = checked((int)key.Count);
            var names = new string[count];
            if (column.HasKeyValues())
            {
                VBuffer<ReadOnlyMemory<char>> values = default;
                column.GetKeyValues(ref values);
                var dense = values.DenseValues().GetEnumerator();
                for (int i = 0; i < count && dense.MoveNext(); i++)
                {
                    names[i] = dense.Current.ToString();
                }
            }
            for (int i = 0; i < count; i++)
            {
                names[i] ??= (i + 1).ToString(CultureInfo.InvariantCulture);
            }
            return names;
        }

        private static Func<ulong> KeyGetter(DataViewRow row, DataViewSchema.Column column, KeyDataViewType key)
        {
            if (key.RawType == typeof(uint))
            {
                return Converted(row, column, (uint value) => (ulong)value);
            }
            if (key.RawType == typeof(ulong))
            {
                return Converted(row, column, (ulong value) => value);
            }
            return key.RawType == typeof(ushort)
                ? Converted(row, column, (ushort value) => (ulong)value)
                : Converted(row, column, (byte value) => (ulong)value);
        }

        private static Func<long> IntegerGetter(DataViewRow row, DataViewSchema.Column column)
        {
            if (column.Type == NumberDataViewType.Int64)
            {
                return Converted(row, column, (long value) => value);
            }
            if (column.Type == NumberDataViewType.UInt32)
            {
                return Converted(row, column, (uint value) => (long)value);
            }
            if (column.Type == NumberDataViewType.Int16)
            {
                return Converted(row, column, (short value) => (long)value);
            }
            return column.Type == NumberDataViewType.Byte
                ? Converted(row, column, (byte value) => (long)value)
                : Converted(row, column, (int value) => (long)value);
        }

        /// <summary>A getter of the current row's value of <paramref name="column"/>, read as <typeparamref name="TIn"/> and converted.</summary>
        private static Func<TOut> Converted<TIn, TOut>(DataViewRow row, DataViewSchema.Column column, Func<TIn, TOut> convert)
        {
            var getter = row.GetGetter<TIn>(column);
            TIn value = default!;
            return () =>
            {
                getter(ref value);
                return convert(value);
            };
        }
    }
}
