using Microsoft.ML.MultiTask.Training;

namespace Microsoft.ML.MultiTask.Balancing
{
    /// <summary>What a <see cref="LossBalancing"/> builds: sets every trained task's term of the step's loss.</summary>
    internal abstract class LossBalancer : TrainingExtension
    {
        /// <summary>Calls <see cref="TrainingStep.SetTerm"/> for each of <see cref="TrainingStep.TrainedTasks"/> (and may add an extra term).</summary>
        public abstract void Balance(TrainingStep step);
    }
}
