using System;
using Microsoft.ML.MultiTask.Training;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// The one-cycle policy (Smith &amp; Topin 2018, as torch's OneCycleLR with cosine annealing): over the first
    /// <see cref="WarmupFraction"/> of the steps the rate rises from LearningRate / <see cref="InitialDivisor"/> to
    /// <see cref="MultiTaskTrainer.Options.LearningRate"/> (the peak), then falls to LearningRate / (InitialDivisor ·
    /// <see cref="FinalDivisor"/>) at the last step. Computed from MaxEpochs (which a resumed run must keep).
    /// </summary>
    public sealed class OneCycleSchedule : LearningRateSchedule
    {
        /// <summary>Fraction of the steps spent rising, in (0, 1). Default 0.3.</summary>
        public double WarmupFraction { get; set; } = 0.3;

        /// <summary>The peak rate over the starting rate, ≥ 1. Default 25.</summary>
        public double InitialDivisor { get; set; } = 25;

        /// <summary>The starting rate over the final rate, ≥ 1. Default 10,000.</summary>
        public double FinalDivisor { get; set; } = 1e4;

        internal override bool DependsOnMaxEpochs => true;

        internal override void Validate(string optionName, int maxEpochs)
        {
            if (!(WarmupFraction > 0 && WarmupFraction < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(WarmupFraction), WarmupFraction, $"{optionName}.{nameof(WarmupFraction)} must be in (0, 1); got {WarmupFraction}.");
            }
            foreach (var (value, name) in new[] { (InitialDivisor, nameof(InitialDivisor)), (FinalDivisor, nameof(FinalDivisor)) })
            {
                if (!(value >= 1) || double.IsInfinity(value))
                {
                    throw new ArgumentOutOfRangeException(name, value, $"{optionName}.{name} must be a finite number >= 1; got {value}.");
                }
            }
        }

        internal override Schedules.LearningRateScheduler Build(ExtensionContext context) => new Scheduler(context, this);

        private sealed class Scheduler : Schedules.LearningRateScheduler
        {
            private readonly ExtensionContext _context;
            private readonly double _peakStep;
            private readonly double _start;
            private readonly double _end;

            public Scheduler(ExtensionContext context, OneCycleSchedule options)
            {
                _context = context;
                _peakStep = Math.Max(1, (options.WarmupFraction * context.TotalSteps) - 1);
                _start = 1 / options.InitialDivisor;
                _end = _start / options.FinalDivisor;
            }

            public override double Factor(int epoch, int stepInEpoch)
            {
                double position = _context.Position(epoch, stepInEpoch);
                return position <= _peakStep
                    ? Anneal(_start, 1, position / _peakStep)
                    : Anneal(1, _end, Math.Min(1, (position - _peakStep) / Math.Max(1, _context.TotalSteps - 1 - _peakStep)));
            }

            /// <summary>Cosine interpolation from <paramref name="from"/> (progress 0) to <paramref name="to"/> (progress 1).</summary>
            private static double Anneal(double from, double to, double progress) => to + ((from - to) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
        }
    }
}
