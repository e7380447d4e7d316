using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Tuning
{
    /// <summary>Checks a tuning run's arguments before the first trial; messages name the setting.</summary>
    internal static class TuningValidator
    {
        public static void Validate(SearchSpace space, TuningSettings settings, MultiTaskTrainer.Options options)
        {
            if (space.Count == 0)
            {
                throw new ArgumentException("The search space is empty: add at least one SearchDimension, or pass null for SearchSpace.Default().", nameof(space));
            }
            if (settings.SearchMethod == null)
            {
                throw new ArgumentNullException(nameof(settings), $"{nameof(TuningSettings)}.{nameof(TuningSettings.SearchMethod)} must be set.");
            }
            settings.SearchMethod.Validate($"{nameof(TuningSettings)}.{nameof(TuningSettings.SearchMethod)}");
            if (settings.MaxTrials < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(settings), settings.MaxTrials, $"{nameof(TuningSettings)}.{nameof(TuningSettings.MaxTrials)} must be at least 1; got {settings.MaxTrials}.");
            }
            if (settings.TimeBudget is TimeSpan budget && budget <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(settings), budget, $"{nameof(TuningSettings)}.{nameof(TuningSettings.TimeBudget)} must be positive or null; got {budget}.");
            }
            if (settings.GracePeriodEpochs < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(settings), settings.GracePeriodEpochs, $"{nameof(TuningSettings)}.{nameof(TuningSettings.GracePeriodEpochs)} must be at least 1; got {settings.GracePeriodEpochs}.");
            }
            if (options.Tasks.Count == 0)
            {
                throw new ArgumentException("The base options have no task: add the tasks to tune for.", nameof(options));
            }
            Weights(settings, options.Tasks);
        }

        /// <summary>The objective's weight per task: <see cref="TuningSettings.MainTask"/>, else <see cref="TuningSettings.TaskWeights"/>, else equal.</summary>
        public static IReadOnlyDictionary<string, double> Weights(TuningSettings settings, IEnumerable<TaskDefinition> tasks)
        {
            var names = tasks.Select(t => t.Name).ToList();
            string Known(string name, string setting) => names.Contains(name) ? name
                : throw new ArgumentException($"{nameof(TuningSettings)}.{setting} names task '{name}', which the options do not have; the tasks are {string.Join(", ", names)}.", nameof(settings));
            if (settings.MainTask != null)
            {
                return new Dictionary<string, double> { [Known(settings.MainTask, nameof(TuningSettings.MainTask))] = 1 };
            }
            if (settings.TaskWeights == null)
            {
                return names.ToDictionary(n => n, _ => 1.0);
            }
            var weights = settings.TaskWeights.ToDictionary(w => Known(w.Key, nameof(TuningSettings.TaskWeights)), w => w.Value);
            if (weights.Values.Any(w => !(w >= 0) || double.IsInfinity(w)) || !(weights.Values.Sum() > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(settings), $"{nameof(TuningSettings)}.{nameof(TuningSettings.TaskWeights)} must be finite, >= 0 and not all 0.");
            }
            return weights.Where(w => w.Value > 0).ToDictionary(w => w.Key, w => w.Value);
        }
    }
}
