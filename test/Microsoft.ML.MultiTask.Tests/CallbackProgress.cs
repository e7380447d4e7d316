using System;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>Reports synchronously on the reporting thread (System.Progress posts to the thread pool, out of order).</summary>
    internal sealed class CallbackProgress<T> : IProgress<T>
    {
        private readonly Action<T> _callback;

        public CallbackProgress(Action<T> callback) => _callback = callback;

        public void Report(T value) => _callback(value);
    }
}
