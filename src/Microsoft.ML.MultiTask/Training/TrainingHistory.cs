using System.Collections.Generic;

namespace Microsoft.ML.MultiTask
{
    /// <summary>The per-epoch record of a training run.</summary>
    public sealed class TrainingHistory
    {
        internal TrainingHistory(IReadOnlyList<TrainingEpochSummary> epochs, int bestEpoch, bool stoppedEarly, IReadOnlyDictionary<string, int> taskStoppedEpochs)
        {
            TaskStoppedEpochs = taskStoppedEpochs;
            Epochs = epochs;
            BestEpoch = bestEpoch;
            StoppedEarly = stoppedEarly;
        }

        /// <summary>One summary per epoch run, in order.</summary>
        public IReadOnlyList<TrainingEpochSummary> Epochs { get; }

        /// <summary>
        /// The epoch whose weights the model has: the one with the lowest validation loss (of <see cref="MultiTaskTrainer.Options.EarlyStoppingTask"/>
        /// when set), or the last without a validation set or with per-task early stopping.
        /// </summary>
        public int BestEpoch { get; }

        /// <summary>
        /// With <see cref="MultiTaskTrainer.Options.PerTaskEarlyStopping"/>: the epoch after which each stopped task stopped
        /// pulling on the shared parameters (its head kept training on the shared layers). Empty otherwise.
        /// </summary>
        public IReadOnlyDictionary<string, int> TaskStoppedEpochs { get; }

        /// <summary>True when early stopping ended training before <see cref="MultiTaskTrainer.Options.MaxEpochs"/>.</summary>
        public bool StoppedEarly { get; }
    }
}
