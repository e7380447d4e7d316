using System;
using System.Linq;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>Checks <see cref="SharedEncoderTrainer.Options"/> before any data is read; messages name the option.</summary>
    internal static class OptionsValidator
    {
        public static void Validate(SharedEncoderTrainer.Options options)
        {
            const string prefix = nameof(SharedEncoderTrainer.Options) + ".";
            if (string.IsNullOrWhiteSpace(options.FeatureColumnName))
            {
                throw new ArgumentException(prefix + nameof(options.FeatureColumnName) + " must name the feature column.", nameof(options));
            }
            if (options.Tasks.Count == 0)
            {
                throw new ArgumentException(prefix + nameof(options.Tasks) + " is empty; add at least one task, e.g. TaskDefinition.Binary(\"Income\", labelColumnName: \"income_50k\").", nameof(options));
            }
            if (options.Tasks.Any(t => t == null))
            {
                throw new ArgumentException(prefix + nameof(options.Tasks) + " holds a null task.", nameof(options));
            }
            var duplicate = options.Tasks.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                throw new ArgumentException($"{prefix}{nameof(options.Tasks)} has {duplicate.Count()} tasks named '{duplicate.Key}'; task names must be unique, since they name the output columns.", nameof(options));
            }
            var featureAsLabel = options.Tasks.FirstOrDefault(t => t.LabelColumnName == options.FeatureColumnName);
            if (featureAsLabel != null)
            {
                throw new ArgumentException($"Task '{featureAsLabel.Name}' uses the feature column '{options.FeatureColumnName}' as its label.", nameof(options));
            }
            Positive(options.MaxEpochs, nameof(options.MaxEpochs));
            Positive(options.BatchSize, nameof(options.BatchSize));
            if (!(options.LearningRate > 0) || double.IsInfinity(options.LearningRate))
            {
                throw new ArgumentOutOfRangeException(nameof(options.LearningRate), options.LearningRate, prefix + nameof(options.LearningRate) + " must be a finite number > 0 (default 0.001).");
            }
            if (!(options.WeightDecay >= 0) || double.IsInfinity(options.WeightDecay))
            {
                throw new ArgumentOutOfRangeException(nameof(options.WeightDecay), options.WeightDecay, prefix + nameof(options.WeightDecay) + " must be a finite number >= 0.");
            }
            if (!(options.Dropout >= 0 && options.Dropout < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(options.Dropout), options.Dropout, prefix + nameof(options.Dropout) + " must be in [0, 1).");
            }
            if (options.EarlyStoppingPatience < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(options.EarlyStoppingPatience), options.EarlyStoppingPatience, prefix + nameof(options.EarlyStoppingPatience) + " must be >= 0 (0 turns early stopping off).");
            }
            if (!(options.DivergenceLearningRateFactor > 0 && options.DivergenceLearningRateFactor < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(options.DivergenceLearningRateFactor), options.DivergenceLearningRateFactor, prefix + nameof(options.DivergenceLearningRateFactor) + " must be in (0, 1) (default 0.1).");
            }
            if (options.MaxDivergenceRecoveries < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(options.MaxDivergenceRecoveries), options.MaxDivergenceRecoveries, prefix + nameof(options.MaxDivergenceRecoveries) + " must be >= 0.");
            }
            if (!Enum.IsDefined(options.OnDivergence))
            {
                throw new ArgumentOutOfRangeException(nameof(options.OnDivergence), options.OnDivergence, prefix + nameof(options.OnDivergence) + " must be Throw or RestoreAndLowerLearningRate.");
            }
            Positive(options.CheckpointInterval, nameof(options.CheckpointInterval));
            if (options.CheckpointFolder != null && string.IsNullOrWhiteSpace(options.CheckpointFolder))
            {
                throw new ArgumentException(prefix + nameof(options.CheckpointFolder) + " must be a folder path or null.", nameof(options));
            }
            Sizes(options.SharedLayers, nameof(options.SharedLayers));
            Sizes(options.HeadLayers, nameof(options.HeadLayers));
            DeviceSelector.Validate(options.Device);
        }

        private static void Positive(int value, string name)
        {
            if (value <= 0)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{nameof(SharedEncoderTrainer.Options)}.{name} must be > 0; got {value}.");
            }
        }

        private static void Sizes(int[]? sizes, string name)
        {
            if (sizes == null || sizes.Any(size => size <= 0))
            {
                throw new ArgumentOutOfRangeException(name, $"{nameof(SharedEncoderTrainer.Options)}.{name} must be a list of positive layer sizes (it may be empty); got {(sizes == null ? "null" : "[" + string.Join(", ", sizes) + "]")}.");
            }
        }
    }
}
