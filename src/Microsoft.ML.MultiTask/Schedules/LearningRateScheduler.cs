using Microsoft.ML.MultiTask.Training;

namespace Microsoft.ML.MultiTask.Schedules
{
    /// <summary>What a <see cref="LearningRateSchedule"/> builds: the factor of the base learning rate for each step.</summary>
    internal abstract class LearningRateScheduler : TrainingExtension
    {
        /// <summary>The factor for step <paramref name="stepInEpoch"/> (from 0) of <paramref name="epoch"/> (from 1).</summary>
        public abstract double Factor(int epoch, int stepInEpoch);
    }
}
