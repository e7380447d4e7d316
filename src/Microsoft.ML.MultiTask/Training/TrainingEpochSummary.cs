using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.MultiTask
{
    /// <summary>What one training epoch did: losses per task on training and validation data, and speed.</summary>
    public sealed class TrainingEpochSummary
    {
        internal TrainingEpochSummary(int epoch, IReadOnlyDictionary<string, double> trainingLosses, double trainingLoss,
            IReadOnlyDictionary<string, double>? validationLosses, double? validationLoss, double rowsPerSecond, TimeSpan elapsed, double learningRate)
        {
            Epoch = epoch;
            TrainingLosses = trainingLosses;
            TrainingLoss = trainingLoss;
            ValidationLosses = validationLosses;
            ValidationLoss = validationLoss;
            RowsPerSecond = rowsPerSecond;
            Elapsed = elapsed;
            LearningRate = learningRate;
        }

        /// <summary>The epoch, from 1.</summary>
        public int Epoch { get; }

        /// <summary>Mean loss per task over the epoch's labelled training rows (regression: on the standardized label).</summary>
        public IReadOnlyDictionary<string, double> TrainingLosses { get; }

        /// <summary>The loss-weighted sum of <see cref="TrainingLosses"/>.</summary>
        public double TrainingLoss { get; }

        /// <summary>Mean loss per task on the validation set after the epoch, or null without one.</summary>
        public IReadOnlyDictionary<string, double>? ValidationLosses { get; }

        /// <summary>The loss-weighted sum of <see cref="ValidationLosses"/>, or null without a validation set.</summary>
        public double? ValidationLoss { get; }

        /// <summary>Training rows processed per second in this epoch.</summary>
        public double RowsPerSecond { get; }

        /// <summary>Time since training started.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>The learning rate the epoch ran with: <see cref="SharedEncoderTrainer.Options.LearningRate"/>, lower after a divergence recovery.</summary>
        public double LearningRate { get; }

        /// <inheritdoc/>
        public override string ToString()
        {
            var text = string.Format(CultureInfo.InvariantCulture, "epoch {0}: loss {1:0.0000} ({2})", Epoch, TrainingLoss,
                string.Join(", ", TrainingLosses.Select(p => string.Format(CultureInfo.InvariantCulture, "{0} {1:0.0000}", p.Key, p.Value))));
            if (ValidationLoss.HasValue)
            {
                text += string.Format(CultureInfo.InvariantCulture, ", validation {0:0.0000}", ValidationLoss.Value);
            }
            return text + string.Format(CultureInfo.InvariantCulture, ", {0:0} rows/s", RowsPerSecond);
        }
    }
}
