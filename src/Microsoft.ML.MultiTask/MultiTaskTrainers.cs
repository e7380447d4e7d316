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

        /// <summary>A shared-encoder (hard parameter sharing) multi-task trainer with the given options.</summary>
        /// <param name="options">Tasks, network shape and training settings.</param>
        public SharedEncoderTrainer SharedEncoder(SharedEncoderTrainer.Options options)
            => new SharedEncoderTrainer(_mlContext, options ?? throw new ArgumentNullException(nameof(options)));

        /// <summary>A shared-encoder multi-task trainer with default network and training settings.</summary>
        /// <param name="tasks">The tasks to learn.</param>
        /// <param name="featureColumnName">The feature column, a known-size vector of Single. Default <c>"Features"</c>.</param>
        /// <param name="maxEpochs">Passes over the training data. Default 20.</param>
        public SharedEncoderTrainer SharedEncoder(IEnumerable<TaskDefinition> tasks, string featureColumnName = "Features", int maxEpochs = 20)
        {
            if (tasks == null)
            {
                throw new ArgumentNullException(nameof(tasks));
            }
            var options = new SharedEncoderTrainer.Options { FeatureColumnName = featureColumnName, MaxEpochs = maxEpochs };
            foreach (var task in tasks)
            {
                options.Tasks.Add(task);
            }
            return SharedEncoder(options);
        }
    }
}
