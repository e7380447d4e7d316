using System;
using System.Collections.Generic;
using System.Threading;

namespace Microsoft.ML.MultiTask
{
    /// <summary>How a tuning run (<see cref="MultiTaskCatalog.Tune"/>) searches, how long, and what it maximizes.</summary>
    public sealed class TuningSettings
    {
        /// <summary>How the next trial is picked. Default <see cref="TreeParzenSearch"/>.</summary>
        public SearchMethod SearchMethod { get; set; } = new TreeParzenSearch();

        /// <summary>The most trials (pruned and failed trials count). Default 20.</summary>
        public int MaxTrials { get; set; } = 20;

        /// <summary>
        /// A time budget: no trial starts after it, and a running trial stops at the end of the epoch that passes it (its
        /// model counts as trained so far). Default null: only <see cref="MaxTrials"/> ends the run.
        /// </summary>
        public TimeSpan? TimeBudget { get; set; }

        /// <summary>
        /// The objective's weight per task name: the objective is the weighted mean of the tasks' main figures on the
        /// validation data (<see cref="TaskMetrics.MainFigure"/>: AUC, micro-accuracy, R², micro-AUC, NDCG@10; higher is
        /// better). Default null: every task weighs the same. A task left out weighs 0.
        /// </summary>
        public IReadOnlyDictionary<string, double>? TaskWeights { get; set; }

        /// <summary>A shortcut for weight 1 on this task and 0 on the others. Default null.</summary>
        public string? MainTask { get; set; }

        /// <summary>
        /// Stops a trial early when it is doing worse than the others did (the median stopping rule, Golovin et al. 2017):
        /// after <see cref="GracePeriodEpochs"/> epochs, a trial whose best validation loss so far is above the median of the
        /// finished trials' best validation loss up to the same epoch is pruned. It applies from the third finished trial.
        /// Default true.
        /// </summary>
        public bool PruneUnpromisingTrials { get; set; } = true;

        /// <summary>Epochs every trial trains before it can be pruned. Default 3.</summary>
        public int GracePeriodEpochs { get; set; } = 3;

        /// <summary>
        /// Seeds the search (the same seed, data and options give the same trials) and, unless the base options have a seed,
        /// every trial's training. Default 1.
        /// </summary>
        public int Seed { get; set; } = 1;

        /// <summary>Called after each trial, on the tuning thread. Default null.</summary>
        public IProgress<TrialResult>? Progress { get; set; }

        /// <summary>
        /// Stops the run within one epoch of the running trial; the trials so far are returned (see
        /// <see cref="TuningResult.Cancelled"/>). <c>MLContext.CancelExecution()</c> does the same. Default: none.
        /// </summary>
        public CancellationToken CancellationToken { get; set; }
    }
}
