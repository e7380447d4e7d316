using System;
using System.Collections.Generic;

namespace Microsoft.ML.MultiTask
{
    /// <summary>The multi-task trainers of <c>mlContext.MultiTask().Trainers</c>.</summary>
    public sealed class MultiTaskTrainers
    {
        private readonly MLContext _mlContext;

        internal MultiTaskTrainers(MLContext mlContext)
        {
            _mlContext = mlContext;
        }

        /// <summary>A multi-task trainer with any architecture, loss balancing and training strategy set in <paramref name="options"/>.</summary>
        /// <param name="options">Tasks, architecture, network shape and training settings.</param>
        public MultiTaskTrainer MultiTask(MultiTaskTrainer.Options options)
            => new MultiTaskTrainer(_mlContext, options ?? throw new ArgumentNullException(nameof(options)));

        /// <summary>A multi-task trainer with the given architecture and default training settings.</summary>
        /// <param name="tasks">The tasks to learn.</param>
        /// <param name="architecture">How the tasks share parameters. Default null: <see cref="HardSharing"/> with its defaults.</param>
        /// <param name="featureColumnName">The feature column, a known-size vector of Single. Default <c>"Features"</c>.</param>
        /// <param name="maxEpochs">Passes over the training data. Default null: chosen from the rows (see <see cref="MultiTaskTrainer.Options.MaxEpochs"/>).</param>
        public MultiTaskTrainer MultiTask(IEnumerable<TaskDefinition> tasks, MultiTaskArchitecture? architecture = null, string featureColumnName = "Features", int? maxEpochs = null)
            => MultiTask(OptionsFor(tasks, architecture ?? new HardSharing(), featureColumnName, maxEpochs));

        /// <summary>
        /// A hard-sharing multi-task trainer (a shared encoder and a head per task) with the given options, whose
        /// <see cref="MultiTaskTrainer.Options.Architecture"/> must be <see cref="HardSharing"/> (the default). For other
        /// architectures use <see cref="MultiTask(MultiTaskTrainer.Options)"/>.
        /// </summary>
        /// <param name="options">Tasks, network shape and training settings.</param>
        public MultiTaskTrainer SharedEncoder(MultiTaskTrainer.Options options)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }
            if (options.Architecture is not HardSharing)
            {
                throw new ArgumentException(
                    $"Trainers.SharedEncoder trains hard sharing, but {nameof(MultiTaskTrainer.Options)}.{nameof(MultiTaskTrainer.Options.Architecture)} is {options.Architecture?.GetType().Name ?? "null"}; use Trainers.MultiTask(options) for other architectures.",
                    nameof(options));
            }
            return MultiTask(options);
        }

        /// <summary>A hard-sharing multi-task trainer with default network and training settings.</summary>
        /// <param name="tasks">The tasks to learn.</param>
        /// <param name="featureColumnName">The feature column, a known-size vector of Single. Default <c>"Features"</c>.</param>
        /// <param name="maxEpochs">Passes over the training data. Default null: chosen from the rows (see <see cref="MultiTaskTrainer.Options.MaxEpochs"/>).</param>
        /// <param name="sharedLayers">Sizes of the shared encoder's hidden layers. Default null: <see cref="HardSharing.SharedLayers"/>'s default <c>[128, 64]</c>.</param>
        public MultiTaskTrainer SharedEncoder(IEnumerable<TaskDefinition> tasks, string featureColumnName = "Features", int? maxEpochs = null, int[]? sharedLayers = null)
        {
            var architecture = new HardSharing();
            if (sharedLayers != null)
            {
                architecture.SharedLayers = sharedLayers;
            }
            return MultiTask(OptionsFor(tasks, architecture, featureColumnName, maxEpochs));
        }

        private static MultiTaskTrainer.Options OptionsFor(IEnumerable<TaskDefinition> tasks, MultiTaskArchitecture architecture, string featureColumnName, int? maxEpochs)
        {
            if (tasks == null)
            {
                throw new ArgumentNullException(nameof(tasks));
            }
            var options = new MultiTaskTrainer.Options { FeatureColumnName = featureColumnName, MaxEpochs = maxEpochs, Architecture = architecture };
            foreach (var task in tasks)
            {
                options.Tasks.Add(task);
            }
            return options;
        }
    }
}
