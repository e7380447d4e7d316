using Microsoft.ML.MultiTask.Training;

namespace Microsoft.ML.MultiTask
{
    /// <summary>The learning rate stays at <see cref="MultiTaskTrainer.Options.LearningRate"/> (lowered only by divergence recovery). The default schedule.</summary>
    public sealed class ConstantLearningRate : LearningRateSchedule
    {
        internal override void Validate(string optionName, int maxEpochs)
        {
        }

        internal override Schedules.LearningRateScheduler Build(ExtensionContext context) => new Scheduler();

        private sealed class Scheduler : Schedules.LearningRateScheduler
        {
            public override double Factor(int epoch, int stepInEpoch) => 1.0;
        }
    }
}
