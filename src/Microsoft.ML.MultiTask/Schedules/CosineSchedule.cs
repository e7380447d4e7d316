using System;
using Microsoft.ML.MultiTask.Training;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Linear warm-up, then cosine annealing (Loshchilov &amp; Hutter, SGDR, 2017) over the rest of the run: the factor
    /// rises from 1/W to 1 over the first W steps, then follows
    /// <c>MinFactor + (1 − MinFactor)·½(1 + cos(π·t/T))</c> down to <see cref="MinFactor"/> at the last step.
    /// Computed per step from <see cref="MultiTaskTrainer.Options.MaxEpochs"/> (which a resumed run must keep).
    /// </summary>
    public sealed class CosineSchedule : LearningRateSchedule
    {
        /// <summary>Epochs of linear warm-up at the start, ≥ 0 and less than MaxEpochs (fractions allowed). Default 1.</summary>
        public double WarmupEpochs { get; set; } = 1;

        /// <summary>The factor at the end of training, in [0, 1). Default 0.</summary>
        public double MinFactor { get; set; }

        internal override bool DependsOnMaxEpochs => true;

        internal override void Validate(string optionName, int maxEpochs)
        {
            if (!(WarmupEpochs >= 0) || double.IsInfinity(WarmupEpochs) || WarmupEpochs >= maxEpochs)
            {
                throw new ArgumentOutOfRangeException(nameof(WarmupEpochs), WarmupEpochs,
                    $"{optionName}.{nameof(WarmupEpochs)} must be >= 0 and less than {nameof(MultiTaskTrainer.Options.MaxEpochs)} ({maxEpochs}); got {WarmupEpochs}.");
            }
            if (!(MinFactor >= 0 && MinFactor < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(MinFactor), MinFactor, $"{optionName}.{nameof(MinFactor)} must be in [0, 1); got {MinFactor}.");
            }
        }

        internal override Schedules.LearningRateScheduler Build(ExtensionContext context)
            => new Scheduler(context, (long)Math.Round(WarmupEpochs * context.StepsPerEpoch), MinFactor);

        private sealed class Scheduler : Schedules.LearningRateScheduler
        {
            private readonly ExtensionContext _context;
            private readonly long _warmup;
            private readonly double _min;

            public Scheduler(ExtensionContext context, long warmup, double min)
            {
                _context = context;
                _warmup = warmup;
                _min = min;
            }

            public override double Factor(int epoch, int stepInEpoch)
            {
                long position = _context.Position(epoch, stepInEpoch);
                if (position < _warmup)
                {
                    return (position + 1) / (double)_warmup;
                }
                long span = Math.Max(1, _context.TotalSteps - _warmup - 1);
                double progress = Math.Min(1, (position - _warmup) / (double)span);
                return _min + ((1 - _min) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
            }
        }
    }
}
