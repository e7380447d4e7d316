using System.Collections.Generic;

namespace Microsoft.ML.MultiTask
{
    /// <summary>The per-epoch record of a training run.</summary>
    public sealed class TrainingHistory
    {
        internal TrainingHistory(IReadOnlyList<TrainingEpochSummary> epochs, int bestEpoch, bool stoppedEarly)
        {
            Epochs = epochs;
            BestEpoch = bestEpoch;
            StoppedEarly = stoppedEarly;
        }

        /// <summary>One summary per epoch run, in order.</summary>
        public IReadOnlyList<TrainingEpochSummary> Epochs { get; }

        /// <summary>The epoch whose weights the model has: the one with the lowest validation loss, or the last without a validation set.</summary>
        public int BestEpoch { get; }

        /// <summary>True when early stopping ended training before <see cref="MultiTaskTrainer.Options.MaxEpochs"/>.</summary>
        public bool StoppedEarly { get; }
    }
}
