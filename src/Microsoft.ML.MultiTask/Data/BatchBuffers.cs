using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Data
{
    /// <summary>
    /// A reused staging array for building batches, and the copy of a filled batch into a new tensor.
    /// The copy goes straight into the tensor's native memory: <c>torch.tensor(float[])</c> would first clone
    /// the array on the managed heap and pin it, a large-object allocation per batch.
    /// </summary>
    internal sealed class BatchBuffers
    {
        private float[] _buffer = Array.Empty<float>();

        /// <summary>A staging span of <paramref name="size"/> floats (contents undefined).</summary>
        public Span<float> Get(int size)
        {
            if (_buffer.Length < size)
            {
                _buffer = new float[size];
            }
            return _buffer.AsSpan(0, size);
        }

        /// <summary>A [rows, width] float tensor on <paramref name="device"/> holding the first rows·width staged floats.</summary>
        public Tensor ToTensor(int rows, int width, Device device)
        {
            var batch = empty(new long[] { rows, width });
            using (var values = batch.data<float>())
            {
                values.CopyFrom(_buffer.AsSpan(0, rows * width), 0, 0);
            }
            return device.type == DeviceType.CPU ? batch : batch.to(device);
        }
    }
}
