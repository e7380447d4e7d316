using System;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>A loss became NaN or infinite. Users see it as the <see cref="InvalidOperationException"/> it is.</summary>
    internal sealed class TrainingDivergedException : InvalidOperationException
    {
        public TrainingDivergedException(string message)
            : base(message)
        {
        }
    }
}
