using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Tuning
{
    /// <summary>
    /// The median stopping rule (Golovin et al., "Google Vizier", KDD 2017): a trial stops when, after a grace period, its
    /// best validation loss so far is worse than the median of the finished trials' best validation loss up to the same epoch.
    /// </summary>
    internal sealed class MedianStoppingRule
    {
        /// <summary>Finished trials needed before the rule judges: a median of fewer says little.</summary>
        private const int MinimumFinished = 3;

        private readonly int _gracePeriod;
        private readonly List<double[]> _finished = new();

        public MedianStoppingRule(int gracePeriod) => _gracePeriod = gracePeriod;

        /// <summary>Remembers a finished trial's running best validation loss per epoch.</summary>
        public void Record(IReadOnlyList<TrainingEpochSummary> epochs)
        {
            var losses = RunningBest(epochs);
            if (losses.Length > 0)
            {
                _finished.Add(losses);
            }
        }

        /// <summary>Whether a trial that has trained <paramref name="epochs"/> should stop now.</summary>
        public bool ShouldStop(IReadOnlyList<TrainingEpochSummary> epochs)
        {
            if (epochs.Count < _gracePeriod || _finished.Count < MinimumFinished)
            {
                return false;
            }
            double best = RunningBest(epochs)[^1];
            // A finished trial that trained fewer epochs counts with its last figure.
            var others = _finished.Select(f => f[System.Math.Min(epochs.Count, f.Length) - 1]).OrderBy(v => v).ToArray();
            double median = others.Length % 2 == 1 ? others[others.Length / 2] : (others[(others.Length / 2) - 1] + others[others.Length / 2]) / 2;
            return best > median;
        }

        private static double[] RunningBest(IReadOnlyList<TrainingEpochSummary> epochs)
        {
            var best = new double[epochs.Count];
            double low = double.PositiveInfinity;
            for (int i = 0; i < epochs.Count; i++)
            {
                low = System.Math.Min(low, epochs[i].ValidationLoss ?? double.PositiveInfinity);
                best[i] = low;
            }
            return best;
        }
    }
}
