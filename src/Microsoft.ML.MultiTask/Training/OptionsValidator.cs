using System;
using System.Linq;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>Checks <see cref="MultiTaskTrainer.Options"/> before any data is read; messages name the option.</summary>
    internal static class OptionsValidator
    {
        public static void Validate(MultiTaskTrainer.Options options)
        {
            const string prefix = nameof(MultiTaskTrainer.Options) + ".";
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
            if (!(options.L1Regularization >= 0) || double.IsInfinity(options.L1Regularization))
            {
                throw new ArgumentOutOfRangeException(nameof(options.L1Regularization), options.L1Regularization, prefix + nameof(options.L1Regularization) + " must be a finite number >= 0 (0 turns it off).");
            }
            if (!(options.Dropout >= 0 && options.Dropout < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(options.Dropout), options.Dropout, prefix + nameof(options.Dropout) + " must be in [0, 1).");
            }
            if (!(options.EarlyStoppingMinDelta >= 0) || double.IsInfinity(options.EarlyStoppingMinDelta))
            {
                throw new ArgumentOutOfRangeException(nameof(options.EarlyStoppingMinDelta), options.EarlyStoppingMinDelta, prefix + nameof(options.EarlyStoppingMinDelta) + " must be a finite number >= 0 (default 0).");
            }
            if (options.MaxGradientNorm is double maxNorm && !(maxNorm > 0 && double.IsFinite(maxNorm)))
            {
                throw new ArgumentOutOfRangeException(nameof(options.MaxGradientNorm), maxNorm, prefix + nameof(options.MaxGradientNorm) + " must be a finite number > 0, or null for no clipping.");
            }
            if (options.EarlyStoppingTask != null && options.Tasks.All(t => t.Name != options.EarlyStoppingTask))
            {
                throw new ArgumentException($"{prefix}{nameof(options.EarlyStoppingTask)} is '{options.EarlyStoppingTask}', which is not a task; the tasks are {string.Join(", ", options.Tasks.Select(t => t.Name))}.", nameof(options));
            }
            if (options.ValidationFraction is double fraction && !(fraction >= 0 && fraction < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(options.ValidationFraction), fraction, prefix + nameof(options.ValidationFraction) + $" must be in [0, 1), or null for the automatic choice; got {fraction}.");
            }
            if (options.ValidationFraction > 0 && options.ValidationSet != null)
            {
                throw new ArgumentException($"{prefix}{nameof(options.ValidationFraction)} holds out part of the training rows as the validation set, but {prefix}{nameof(options.ValidationSet)} is set too; use one of them.", nameof(options));
            }
            // The automatic fraction may still come out 0 on small data; Fit tells that case apart.
            bool validates = options.ValidationSet != null || (options.ValidationFraction ?? MultiTaskTrainer.Options.AutomaticValidationFraction) > 0;
            if (options.RefitOnAllRows && !validates)
            {
                throw new ArgumentException($"{prefix}{nameof(options.RefitOnAllRows)} retrains for the epochs early stopping chose on the validation set; set {prefix}{nameof(options.ValidationSet)} or {prefix}{nameof(options.ValidationFraction)}.", nameof(options));
            }
            var chosenThreshold = options.Tasks.FirstOrDefault(t => t?.Threshold?.NeedsValidation == true);
            if (options.RefitOnAllRows && chosenThreshold != null)
            {
                throw new ArgumentException($"{prefix}{nameof(options.RefitOnAllRows)} leaves no validation rows to choose the threshold of task '{chosenThreshold.Name}' on; use DecisionThreshold.Fixed or turn the refit off.", nameof(options));
            }
            if (options.EarlyStoppingOnMetric && options.EarlyStoppingTask == null)
            {
                throw new ArgumentException($"{prefix}{nameof(options.EarlyStoppingOnMetric)} follows the metric of {prefix}{nameof(options.EarlyStoppingTask)}; name the task.", nameof(options));
            }
            if ((options.EarlyStoppingTask != null || options.PerTaskEarlyStopping) && !validates)
            {
                throw new ArgumentException($"{prefix}{(options.PerTaskEarlyStopping ? nameof(options.PerTaskEarlyStopping) : nameof(options.EarlyStoppingTask))} needs {prefix}{nameof(options.ValidationSet)} or {prefix}{nameof(options.ValidationFraction)}: early stopping runs on validation losses.", nameof(options));
            }
            if (options.PerTaskEarlyStopping && (options.EarlyStoppingTask != null || options.EarlyStoppingPatience == 0))
            {
                throw new ArgumentException($"{prefix}{nameof(options.PerTaskEarlyStopping)} stops each task on its own validation loss after {prefix}{nameof(options.EarlyStoppingPatience)} epochs; " +
                    (options.EarlyStoppingTask != null ? $"it cannot be combined with {prefix}{nameof(options.EarlyStoppingTask)}." : "the patience must be > 0."), nameof(options));
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
            if (options.FreezeInitialWeightsEpochs < 0 || !(options.InitialWeightsLearningRateFactor > 0 && options.InitialWeightsLearningRateFactor <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(options.FreezeInitialWeightsEpochs), prefix + nameof(options.FreezeInitialWeightsEpochs) + " must be >= 0 and "
                    + prefix + nameof(options.InitialWeightsLearningRateFactor) + " in (0, 1].");
            }
            if (options.InitialWeights == null && (options.FreezeInitialWeightsEpochs > 0 || options.InitialWeightsLearningRateFactor != 1))
            {
                throw new ArgumentException(prefix + nameof(options.FreezeInitialWeightsEpochs) + " and " + nameof(options.InitialWeightsLearningRateFactor)
                    + " apply to the weights copied from " + prefix + nameof(options.InitialWeights) + ", which is not set.", nameof(options));
            }
            if (options.MaxTrainingTime is TimeSpan budget && budget <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(options.MaxTrainingTime), budget, prefix + nameof(options.MaxTrainingTime) + " must be a positive time span or null (no budget).");
            }
            if (options.CheckpointFolder != null && string.IsNullOrWhiteSpace(options.CheckpointFolder))
            {
                throw new ArgumentException(prefix + nameof(options.CheckpointFolder) + " must be a folder path or null.", nameof(options));
            }
            Architectures.LayerSizes.Check(options.HeadLayers, prefix + nameof(options.HeadLayers), allowEmpty: true);
            foreach (var task in options.Tasks)
            {
                if (task.HeadLayers != null)
                {
                    Architectures.LayerSizes.Check(task.HeadLayers, $"{nameof(TaskDefinition.HeadLayers)} of task '{task.Name}'", allowEmpty: true);
                }
            }
            foreach (var task in options.Tasks)
            {
                task.ValidateSettings(validates);
            }
            DeviceSelector.Validate(options.Device);
            var tasks = options.Tasks.ToArray();
            Required(options.Architecture, nameof(options.Architecture)).Validate(prefix + nameof(options.Architecture));
            options.FeatureEncoding?.Validate(prefix + nameof(options.FeatureEncoding));
            if (options.FeatureStorage == null)
            {
                throw new ArgumentNullException(nameof(options.FeatureStorage), prefix + nameof(options.FeatureStorage) + $" is null; use new {nameof(InMemoryFeatureStorage)}() (the default) or new {nameof(TemporaryFileFeatureStorage)}().");
            }
            options.FeatureStorage.Validate(prefix + nameof(options.FeatureStorage));
            options.CategoricalEmbeddings?.Validate(prefix + nameof(options.CategoricalEmbeddings));
            if (options.EnsembleSize < 1 || options.EnsembleSize > MaxEnsembleSize)
            {
                throw new ArgumentOutOfRangeException(nameof(options.EnsembleSize), options.EnsembleSize,
                    $"{prefix}{nameof(options.EnsembleSize)} must be between 1 (no ensemble, the default) and {MaxEnsembleSize}; got {options.EnsembleSize}.");
            }
            Required(options.LossBalancing, nameof(options.LossBalancing)).Validate(prefix + nameof(options.LossBalancing), tasks);
            options.GradientAggregation?.Validate(prefix + nameof(options.GradientAggregation));
            Required(options.Strategy, nameof(options.Strategy)).Validate(prefix + nameof(options.Strategy), tasks, options.Epochs);
            Required(options.LearningRateSchedule, nameof(options.LearningRateSchedule)).Validate(prefix + nameof(options.LearningRateSchedule), options.Epochs);
        }

        /// <summary>Beyond this the k-fold batch costs more than the ensemble gains (TabM uses 32).</summary>
        private const int MaxEnsembleSize = 64;

        private static T Required<T>(T? value, string name)
            where T : class
            => value ?? throw new ArgumentNullException(name, $"{nameof(MultiTaskTrainer.Options)}.{name} must be set; its default is {DefaultName(name)}.");

        private static string DefaultName(string name) => OptionDescription.Of(typeof(MultiTaskTrainer.Options).GetProperty(name)!.GetValue(new MultiTaskTrainer.Options()));

        private static void Positive(int? value, string name)
        {
            if (value <= 0)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{nameof(MultiTaskTrainer.Options)}.{name} must be > 0; got {value}.");
            }
        }
    }
}
