using System;
using Microsoft.ML.MultiTask.Training;

namespace Microsoft.ML.MultiTask
{
    /// <summary>Step decay: the rate is multiplied by <see cref="Factor"/> every <see cref="StepEpochs"/> epochs (factor <c>Factor^⌊(epoch − 1) / StepEpochs⌋</c>).</summary>
    public sealed class StepDecaySchedule : LearningRateSchedule
    {
        /// <summary>Epochs between two decays, ≥ 1. Default 10.</summary>
        public int StepEpochs { get; set; } = 10;

        /// <summary>The multiplier at each decay, in (0, 1]. Default 0.1.</summary>
        public double Factor { get; set; } = 0.1;

        internal override void Validate(string optionName, int maxEpochs)
        {
            if (StepEpochs < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(StepEpochs), StepEpochs, $"{optionName}.{nameof(StepEpochs)} must be >= 1; got {StepEpochs}.");
            }
            if (!(Factor > 0 && Factor <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(Factor), Factor, $"{optionName}.{nameof(Factor)} must be in (0, 1]; got {Factor}.");
            }
        }

        internal override Schedules.LearningRateScheduler Build(ExtensionContext context) => new Scheduler(StepEpochs, Factor);

        private sealed class Scheduler : Schedules.LearningRateScheduler
        {
            private readonly int _stepEpochs;
            private readonly double _factor;

            public Scheduler(int stepEpochs, double factor)
            {
                _stepEpochs = stepEpochs;
                _factor = factor;
            }

            public override double Factor(int epoch, int stepInEpoch) => Math.Pow(_factor, (epoch - 1) / _stepEpochs);
        }
    }
}
