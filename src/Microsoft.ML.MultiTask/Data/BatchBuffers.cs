using System.Collections.Generic;

namespace Microsoft.ML.MultiTask.Data
{
    /// <summary>
    /// Exact-size float arrays reused from batch to batch. TorchSharp copies an array of exactly the
    /// tensor's size, and a training run sees only two batch sizes (full and last), so this holds two.
    /// </summary>
    internal sealed class BatchBuffers
    {
        private readonly Dictionary<int, float[]> _buffers = new Dictionary<int, float[]>();

        public float[] Get(int size)
        {
            if (!_buffers.TryGetValue(size, out var buffer))
            {
                if (_buffers.Count >= 4)
                {
                    _buffers.Clear();
                }
                buffer = new float[size];
                _buffers.Add(size, buffer);
            }
            return buffer;
        }
    }
}
