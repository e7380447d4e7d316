using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Training;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// The loss is Σ wᵢ·Lᵢ with each task's <see cref="TaskDefinition.LossWeight"/> as wᵢ, the same in every step.
    /// The default balancing. A task with no label in a batch adds nothing to that batch's loss.
    /// </summary>
    public sealed class FixedLossWeights : LossBalancing
    {
        internal override void Validate(string optionName, IReadOnlyList<TaskDefinition> tasks)
        {
            if (tasks.Count > 0 && tasks.All(t => t.LossWeight == 0))
            {
                throw new ArgumentException($"{optionName}: every task has loss weight 0, so nothing would be trained; give at least one task a positive {nameof(TaskDefinition.LossWeight)}.");
            }
        }

        internal override Balancing.LossBalancer Build(ExtensionContext context) => new Balancer(context.Tasks.Select(t => (double)t.LossWeight).ToArray());

        /// <param name="weights">Each task's loss weight.</param>
        private sealed class Balancer(double[] weights) : Balancing.LossBalancer
        {
            public override void Balance(TrainingStep step)
            {
                foreach (int task in step.TrainedTasks)
                {
                    step.SetTerm(task, step.WeightedMeanLoss(task, weights[task]), weights[task]);
                }
            }
        }
    }
}
