namespace Microsoft.ML.MultiTask
{
    /// <summary>What training does when a loss becomes NaN or infinite.</summary>
    public enum DivergenceAction
    {
        /// <summary>Stop with an <see cref="System.InvalidOperationException"/> naming the task, the epoch and the learning rate.</summary>
        Throw,

        /// <summary>
        /// Restore the weights of the last good epoch, multiply the learning rate by
        /// <see cref="MultiTaskTrainer.Options.DivergenceLearningRateFactor"/>, restart the optimizer and run the
        /// epoch again — at most <see cref="MultiTaskTrainer.Options.MaxDivergenceRecoveries"/> times, then throw.
        /// </summary>
        RestoreAndLowerLearningRate,
    }
}
