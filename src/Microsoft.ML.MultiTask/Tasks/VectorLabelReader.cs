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
                var getter = row.GetGetter<VBuffer<bool>>(column);
                VBuffer<bool> buffer = default;
                _read = (Span<float> destination) =>
                {
                    getter(ref buffer);
                    destination.Clear();
                    var values = buffer.GetValues();
                    var indices = buffer.GetIndices();
                    for (int i = 0; i < values.Length; i++)
                    {
                        destination[buffer.IsDense ? i : indices[i]] = values[i] ? 1f : 0f;
                    }
                };
            }
            else if (type.ItemType == NumberDataViewType.Double)
            {
                var getter = row.GetGetter<VBuffer<double>>(column);
                VBuffer<double> buffer = default;
                _read = (Span<float> destination) =>
                {
                    getter(ref buffer);
                    destination.Clear();
                    var values = buffer.GetValues();
                    var indices = buffer.GetIndices();
                    for (int i = 0; i < values.Length; i++)
                    {
                        destination[buffer.IsDense ? i : indices[i]] = (float)values[i];
                    }
                };
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
    }
}
