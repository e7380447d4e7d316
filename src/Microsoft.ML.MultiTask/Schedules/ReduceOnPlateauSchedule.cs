using System;
using System.IO;
using Microsoft.ML.MultiTask.Training;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Reduce on plateau (as torch's ReduceLROnPlateau): when the validation loss (the summed training loss without a
    /// validation set) has not improved by more than <see cref="MinDelta"/> for <see cref="Patience"/> epochs, the rate
    /// is multiplied by <see cref="Factor"/>, down to <see cref="MinFactor"/> times the option's rate.
    /// </summary>
    public sealed class ReduceOnPlateauSchedule : LearningRateSchedule
    {
        /// <summary>The multiplier at each reduction, in (0, 1). Default 0.1.</summary>
        public double Factor { get; set; } = 0.1;

        /// <summary>Epochs without improvement before a reduction, ≥ 1. Default 2.</summary>
        public int Patience { get; set; } = 2;

        /// <summary>The smallest decrease of the loss that counts as an improvement, ≥ 0. Default 0.</summary>
        public double MinDelta { get; set; }

        /// <summary>The lowest factor of the option's rate, in (0, 1]. Default 0.001.</summary>
        public double MinFactor { get; set; } = 1e-3;

        internal override void Validate(string optionName, int maxEpochs)
        {
            if (!(Factor > 0 && Factor < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(Factor), Factor, $"{optionName}.{nameof(Factor)} must be in (0, 1); got {Factor}.");
            }
            if (Patience < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Patience), Patience, $"{optionName}.{nameof(Patience)} must be >= 1; got {Patience}.");
            }
            if (!(MinDelta >= 0) || double.IsInfinity(MinDelta))
            {
                throw new ArgumentOutOfRangeException(nameof(MinDelta), MinDelta, $"{optionName}.{nameof(MinDelta)} must be a finite number >= 0; got {MinDelta}.");
            }
            if (!(MinFactor > 0 && MinFactor <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(MinFactor), MinFactor, $"{optionName}.{nameof(MinFactor)} must be in (0, 1]; got {MinFactor}.");
            }
        }

        internal override Schedules.LearningRateScheduler Build(ExtensionContext context) => new Scheduler(this);

        private sealed class Scheduler : Schedules.LearningRateScheduler
        {
            private readonly ReduceOnPlateauSchedule _options;
            private double _factor = 1;
            private double _best = double.PositiveInfinity;
            private int _badEpochs;

            public Scheduler(ReduceOnPlateauSchedule options)
            {
                _options = options;
            }

            public override string CheckpointSection => "schedule:" + nameof(ReduceOnPlateauSchedule);

            public override double Factor(int epoch, int stepInEpoch) => _factor;

            public override void OnEpochEnd(EpochEnd epoch)
            {
                double loss = epoch.ValidationLoss ?? epoch.TrainingLoss;
                if (loss < _best - _options.MinDelta)
                {
                    (_best, _badEpochs) = (loss, 0);
                }
                else if (++_badEpochs >= _options.Patience)
                {
                    _factor = Math.Max(_options.MinFactor, _factor * _options.Factor);
                    _badEpochs = 0;
                }
                epoch.Record("LearningRateFactor", _factor);
            }

            public override void WriteState(BinaryWriter writer)
            {
                writer.Write(_factor);
                writer.Write(_best);
                writer.Write(_badEpochs);
            }

            public override void ReadState(BinaryReader reader) => (_factor, _best, _badEpochs) = (reader.ReadDouble(), reader.ReadDouble(), reader.ReadInt32());
        }
    }
}
