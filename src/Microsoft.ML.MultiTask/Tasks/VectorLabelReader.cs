using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>Reads a known-size bool or float vector label densely (NaN = missing slot).</summary>
    internal sealed class VectorLabelReader : TaskLabelReader
    {
        private readonly int _width;
        private readonly SlotReader _read;

        private delegate void SlotReader(Span<float> destination);

        public VectorLabelReader(DataViewRow row, DataViewSchema.Column column)
        {
            var type = (VectorDataViewType)column.Type;
            _width = type.Size;
            if (type.ItemType is BooleanDataViewType)
            {
                _read = Densify(row, column, (bool value) => value ? 1f : 0f);
            }
            else if (type.ItemType == NumberDataViewType.Double)
            {
                _read = Densify(row, column, (double value) => (float)value);
            }
            else
            {
                var getter = row.GetGetter<VBuffer<float>>(column);
                VBuffer<float> buffer = default;
                _read = (Span<float> destination) =>
                {
                    getter(ref buffer);
                    buffer.CopyTo(destination);
                };
            }
        }

        public override int Width => _width;

        public override void Read(Span<float> destination) => _read(destination);

        private static SlotReader Densify<T>(DataViewRow row, DataViewSchema.Column column, Func<T, float> convert)
        {
            var getter = row.GetGetter<VBuffer<T>>(column);
            VBuffer<T> buffer = default;
            return (Span<float> destination) =>
            {
                getter(ref buffer);
                destination.Clear();
                var values = buffer.GetValues();
                var indices = buffer.GetIndices();
                for (int i = 0; i < values.Length; i++)
                {
                    destination[buffer.IsDense ? i : indices[i]] = convert(values[i]);
                }
            };
        }
    }
}
