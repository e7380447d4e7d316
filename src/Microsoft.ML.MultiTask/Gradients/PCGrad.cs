using System;
using System.Linq;
using Microsoft.ML.MultiTask.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Projecting conflicting gradients (Yu et al., "Gradient Surgery for Multi-Task Learning", NeurIPS 2020): each
    /// task's gradient of the shared parameters loses its component along every other task's gradient it conflicts
    /// with (negative dot product), visiting the others in a random order; the projected gradients are summed.
    /// The order is drawn per step and task from the run's seed, so runs are reproducible. Costs one backward pass per task.
    /// </summary>
    public sealed class PCGrad : GradientAggregation
    {
        internal override void Validate(string optionName)
        {
        }

        internal override Gradients.GradientAggregator Build(ExtensionContext context) => new Aggregator();

        /// <summary>The projection of the paper's Algorithm 1 on a [tasks, D] matrix; returns the sum of the projected rows.</summary>
        internal static Tensor Project(Tensor gradients, Random random)
        {
            int tasks = (int)gradients.shape[0];
            var projected = gradients.clone();
            var squaredNorms = gradients.mul(gradients).sum(dim: 1);
            for (int i = 0; i < tasks; i++)
            {
                var others = Enumerable.Range(0, tasks).Where(j => j != i).OrderBy(_ => random.Next()).ToArray();
                foreach (int j in others)
                {
                    var row = projected[i];
                    var other = gradients[j];
                    float dot = row.dot(other).item<float>();
                    float norm = squaredNorms[j].item<float>();
                    if (dot < 0 && norm > 0)
                    {
                        // Explicit scalars: an implicit one can be finalized while native code reads it (dotnet/TorchSharp 1434).
                        using var factor = (dot / norm).ToScalar();
                        row.sub_(other.mul(factor));
                    }
                }
            }
            return projected.sum(dim: 0);
        }

        private sealed class Aggregator : Gradients.GradientAggregator
        {
            public override Tensor Combine(Tensor gradients, TrainingStep step) => Project(gradients, step.RandomFor(nameof(PCGrad)));
        }
    }
}
