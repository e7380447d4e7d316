using System.Collections.Generic;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// What <see cref="MultiTaskCatalog.AnalyzeTasks"/> measures. Each part is optional; by default the label association
    /// and one training run's gradient cosine and lookahead affinity (with the suggested groupings), but not the transfer
    /// against single-task training, which trains every task again per seed.
    /// </summary>
    public sealed class TaskRelatednessOptions
    {
        /// <summary>The trainer's options: the tasks (at least two) and everything a Fit uses. Required.</summary>
        public MultiTaskTrainer.Options? TrainerOptions { get; set; }

        /// <summary>Measure the association of every pair of tasks' labels on their co-labelled rows. Default true.</summary>
        public bool LabelAssociation { get; set; } = true;

        /// <summary>Train once with <see cref="TrainerOptions"/> and measure the gradient cosine between tasks on the shared parameters. Default true.</summary>
        public bool GradientCosine { get; set; } = true;

        /// <summary>In the same run, measure the lookahead affinity and suggest groupings. Default true.</summary>
        public bool Affinity { get; set; } = true;

        /// <summary>Measure every this many optimizer steps (each measured step costs one backward pass per task, plus one forward pass per task for the affinity). Default 1.</summary>
        public int StepInterval { get; set; } = 1;

        /// <summary>η of the lookahead step. Default null: the trainer's learning rate.</summary>
        public double? LookaheadLearningRate { get; set; }

        /// <summary>Train every task alone as well and compare each task's figure on <see cref="TestData"/>. Default false.</summary>
        public bool Transfer { get; set; }

        /// <summary>The seeds of the transfer runs (both the multi-task and the single-task ones). Default 1, 2, 3.</summary>
        public IReadOnlyList<int> TransferSeeds { get; set; } = new[] { 1, 2, 3 };

        /// <summary>Held-out data the transfer runs are evaluated on (featurized as the training data). Required with <see cref="Transfer"/>.</summary>
        public IDataView? TestData { get; set; }

        /// <summary>The most groups a suggested grouping has. Default null: every k from 1 to the number of tasks.</summary>
        public int? MaxGroups { get; set; }
    }
}
