using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// What a tuning run found: every trial (values, status, validation metrics), the best trial, its options and its
    /// fitted model. Dispose it to release the best model's native memory (or keep the model and dispose that).
    /// </summary>
    public sealed class TuningResult : IDisposable
    {
        internal TuningResult(IReadOnlyList<TrialResult> trials, TrialResult? bestTrial, MultiTaskTrainer.Options? bestOptions, MultiTaskTransformer? bestModel, bool cancelled, TimeSpan elapsed)
        {
            Trials = trials;
            BestTrial = bestTrial;
            BestOptions = bestOptions;
            BestModel = bestModel;
            Cancelled = cancelled;
            Elapsed = elapsed;
        }

        /// <summary>Every trial, in the order they ran.</summary>
        public IReadOnlyList<TrialResult> Trials { get; }

        /// <summary>The completed trial with the highest objective; null when no trial completed.</summary>
        public TrialResult? BestTrial { get; }

        /// <summary>
        /// The best trial's options (the base options with its values, and the tuning's validation data as
        /// <see cref="MultiTaskTrainer.Options.ValidationSet"/>), to train again on more data; null when no trial completed.
        /// </summary>
        public MultiTaskTrainer.Options? BestOptions { get; }

        /// <summary>The best trial's fitted model; null when no trial completed.</summary>
        public MultiTaskTransformer? BestModel { get; }

        /// <summary>Whether the run was cancelled (the trials so far are here).</summary>
        public bool Cancelled { get; }

        /// <summary>How long the run took.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>A table of the trials, best marked, values by dimension.</summary>
        public override string ToString()
        {
            var names = Trials.FirstOrDefault()?.Parameters.Select(p => p.Key).ToArray() ?? Array.Empty<string>();
            var text = new StringBuilder().AppendLine($"| trial | status | objective | epochs | seconds | {string.Join(" | ", names)} |")
                .AppendLine("|" + string.Concat(Enumerable.Repeat("---|", 5 + names.Length)));
            foreach (var trial in Trials)
            {
                string objective = trial.Objective is double o ? o.ToString("0.0000", CultureInfo.InvariantCulture) : "–";
                text.AppendLine(string.Format(CultureInfo.InvariantCulture, "| {0}{1} | {2} | {3} | {4} | {5:0.0} | {6} |", trial.Number, trial == BestTrial ? " (best)" : string.Empty,
                    trial.Status, objective, trial.Epochs, trial.Duration.TotalSeconds, string.Join(" | ", trial.Parameters.Select(p => TrialResult.Format(p.Value)))));
            }
            return text.ToString();
        }

        /// <inheritdoc/>
        public void Dispose() => BestModel?.Dispose();
    }
}
