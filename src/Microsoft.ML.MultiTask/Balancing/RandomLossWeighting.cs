using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Training;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Random loss weighting, RLW (Lin et al., "Reasonable Effectiveness of Random Weighting", TMLR 2022): every step
    /// draws weights softmax(z), z ~ N(0, 1) per task, over the tasks the step trains. They are scaled to sum to the
    /// number of those tasks (so the loss has the scale of fixed weights of 1) and multiplied by each task's
    /// <see cref="TaskDefinition.LossWeight"/>. In expectation every task gets its own weight. The draws come from the
    /// run's seed, so runs are reproducible.
    /// </summary>
    public sealed class RandomLossWeighting : LossBalancing
    {
        internal override void Validate(string optionName, IReadOnlyList<TaskDefinition> tasks) => new FixedLossWeights().Validate(optionName, tasks);

        internal override Balancing.LossBalancer Build(ExtensionContext context) => new Balancer(context.Tasks.Select(t => (double)t.LossWeight).ToArray());

        /// <param name="weights">Each task's loss weight.</param>
        private sealed class Balancer(double[] weights) : Balancing.LossBalancer
        {
            public override void Balance(TrainingStep step)
            {
                var random = step.RandomFor(nameof(RandomLossWeighting));
                var exps = step.TrainedTasks.Select(_ => Math.Exp(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();
                double sum = exps.Sum();
                for (int i = 0; i < exps.Length; i++)
                {
                    int task = step.TrainedTasks[i];
                    double weight = exps.Length * exps[i] / sum * weights[task];
                    step.SetTerm(task, step.WeightedMeanLoss(task, weight), weight);
                }
            }
        }
    }
}
