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
                var getter = row.GetGetter<bool>(column);
                bool value = false;
                return () => { getter(ref value); return value ? 1f : 0f; };
            }
            if (column.Type == NumberDataViewType.Double)
            {
                var getter = row.GetGetter<double>(column);
                double value = 0;
                return () => { getter(ref value); return (float)value; };
            }
            var single = row.GetGetter<float>(column);
            float item = 0;
            return () => { single(ref item); return item; };
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
                    {
                        var getter = row.GetGetter<ReadOnlyMemory<char>>(column);
                        ReadOnlyMemory<char> value = default;
                        return () =>
                        {
                            getter(ref value);
                            return IsMissingText(value.Span) ? null : value.Span.Trim().ToString();
                        };
                    }
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
                    {
                        var getter = row.GetGetter<bool>(column);
                        bool value = false;
                        return () => { getter(ref value); return value ? "True" : "False"; };
                    }
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
                var getter = row.GetGetter<uint>(column);
                uint value = 0;
                return () => { getter(ref value); return value; };
            }
            if (key.RawType == typeof(ulong))
            {
                var getter = row.GetGetter<ulong>(column);
                ulong value = 0;
                return () => { getter(ref value); return value; };
            }
            if (key.RawType == typeof(ushort))
            {
                var getter = row.GetGetter<ushort>(column);
                ushort value = 0;
                return () => { getter(ref value); return value; };
            }
            var bytes = row.GetGetter<byte>(column);
            byte item = 0;
            return () => { bytes(ref item); return item; };
        }

        private static Func<long> IntegerGetter(DataViewRow row, DataViewSchema.Column column)
        {
            if (column.Type == NumberDataViewType.Int64)
            {
                var getter = row.GetGetter<long>(column);
                long value = 0;
                return () => { getter(ref value); return value; };
            }
            if (column.Type == NumberDataViewType.UInt32)
            {
                var getter = row.GetGetter<uint>(column);
                uint value = 0;
                return () => { getter(ref value); return value; };
            }
            if (column.Type == NumberDataViewType.Int16)
            {
                var getter = row.GetGetter<short>(column);
                short value = 0;
                return () => { getter(ref value); return value; };
            }
            if (column.Type == NumberDataViewType.Byte)
            {
                var getter = row.GetGetter<byte>(column);
                byte value = 0;
                return () => { getter(ref value); return value; };
            }
            var int32 = row.GetGetter<int>(column);
            int item = 0;
            return () => { int32(ref item); return item; };
        }
    }
}
