using Microsoft.ML.MultiTask.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Gradients
{
    /// <summary>What a <see cref="GradientAggregation"/> builds: turns a [tasks, D] gradient matrix into one [D] direction.</summary>
    internal abstract class GradientAggregator : TrainingExtension
    {
        /// <summary>
        /// Combines <paramref name="gradients"/> (one row per task of <see cref="TrainingStep.SharedTasks"/>, each the gradient
        /// of that task's weighted loss) into the gradient the shared parameters get. Runs under no_grad.
        /// </summary>
        public abstract Tensor Combine(Tensor gradients, TrainingStep step);
    }
}
