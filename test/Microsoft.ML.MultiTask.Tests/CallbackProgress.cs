using System;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>Progress that calls back on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    internal sealed class CallbackProgress : IProgress<TrainingEpochSummary>
    {
        private readonly Action<TrainingEpochSummary> _callback;

        public CallbackProgress(Action<TrainingEpochSummary> callback) => _callback = callback;

        public void Report(TrainingEpochSummary value) => _callback(value);
    }
}
