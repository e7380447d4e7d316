using System.Collections.Generic;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>What extensions see after an epoch: its losses, and a place to record values into the training history.</summary>
    internal sealed class EpochEnd
    {
        private readonly Dictionary<string, double> _observations;

        public EpochEnd(int epoch, IReadOnlyDictionary<string, double> trainingLosses, double trainingLoss, IReadOnlyDictionary<string, double>? validationLosses,
            double? validationLoss, Dictionary<string, double> observations)
        {
            TrainingLoss = trainingLoss;
            Epoch = epoch;
            TrainingLosses = trainingLosses;
            ValidationLosses = validationLosses;
            ValidationLoss = validationLoss;
            _observations = observations;
        }

        public int Epoch { get; }

        /// <summary>Mean training loss per task name over the epoch (NaN for a task without labelled rows).</summary>
        public IReadOnlyDictionary<string, double> TrainingLosses { get; }

        /// <summary>The loss-weighted sum of <see cref="TrainingLosses"/>.</summary>
        public double TrainingLoss { get; }

        /// <summary>Mean validation loss per task name, or null without a validation set.</summary>
        public IReadOnlyDictionary<string, double>? ValidationLosses { get; }

        /// <summary>The weighted sum of <see cref="ValidationLosses"/>, or null.</summary>
        public double? ValidationLoss { get; }

        /// <summary>Records a named value in this epoch's <see cref="TrainingEpochSummary.Observations"/>.</summary>
        public void Record(string name, double value) => _observations[name] = value;
    }
}
