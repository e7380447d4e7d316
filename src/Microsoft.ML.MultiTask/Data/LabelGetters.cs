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
        /// <summary>True when <paramref name="type"/> is a scalar bool, float, double or integer (a binary label).</summary>
        public static bool IsNumericScalar(DataViewType type) =>
            type is BooleanDataViewType || type == NumberDataViewType.Single || type == NumberDataViewType.Double || IsInteger(type);

        /// <summary>True when <paramref name="type"/> is a signed or unsigned integer of 8 to 64 bits.</summary>
        public static bool IsInteger(DataViewType type) =>
            type is NumberDataViewType && Type.GetTypeCode(type.RawType) is >= TypeCode.SByte and <= TypeCode.UInt64;

        /// <summary>A getter of a scalar bool/float/double/integer label as float, NaN where missing.</summary>
        public static Func<float> Numeric(DataViewRow row, DataViewSchema.Column column)
        {
            if (column.Type is BooleanDataViewType)
            {
                return Converted(row, column, (bool value) => value ? 1f : 0f);
            }
            if (IsInteger(column.Type))
            {
                var integer = IntegerGetter(row, column);
                return () => (float)integer();
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
            type is TextDataViewType || type is KeyDataViewType || IsNumericScalar(type);

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
            // Each type in its own precision: through float, distinct doubles such as 16777217 and 16777216 would merge.
            if (column.Type == NumberDataViewType.Double)
            {
                return Converted(row, column, (double value) => double.IsNaN(value) ? null : value.ToString("R", CultureInfo.InvariantCulture));
            }
            if (column.Type == NumberDataViewType.Single)
            {
                return Converted(row, column, (float value) => float.IsNaN(value) ? null : value.ToString("R", CultureInfo.InvariantCulture));
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

        /// <summary>A getter of a key column's 0-based key index as float, NaN for key 0 (missing).</summary>
        public static Func<float> KeyIndex(DataViewRow row, DataViewSchema.Column column, KeyDataViewType key)
        {
            var getter = KeyGetter(row, column, key);
            return () => getter() is ulong value && value > 0 ? value - 1 : float.NaN;
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

        /// <summary>A getter of an integer column's value, widened so that every 64-bit value, signed or not, stays exact.</summary>
        private static Func<Int128> IntegerGetter(DataViewRow row, DataViewSchema.Column column) => Type.GetTypeCode(column.Type.RawType) switch
        {
            TypeCode.SByte => Converted(row, column, (sbyte value) => (Int128)value),
            TypeCode.Byte => Converted(row, column, (byte value) => (Int128)value),
            TypeCode.Int16 => Converted(row, column, (short value) => (Int128)value),
            TypeCode.UInt16 => Converted(row, column, (ushort value) => (Int128)value),
            TypeCode.Int32 => Converted(row, column, (int value) => (Int128)value),
            TypeCode.UInt32 => Converted(row, column, (uint value) => (Int128)value),
            TypeCode.Int64 => Converted(row, column, (long value) => (Int128)value),
            _ => Converted(row, column, (ulong value) => (Int128)value),
        };

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
