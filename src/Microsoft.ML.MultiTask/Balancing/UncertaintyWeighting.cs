using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Homoscedastic uncertainty weighting (Kendall, Gal and Cipolla, CVPR 2018): each task learns a log-variance sᵢ and
    /// contributes ½·exp(−sᵢ)·wᵢ·Lᵢ + ½·sᵢ, so a noisy task (large loss at its optimum) is down-weighted; at the optimum
    /// exp(sᵢ) equals the task's weighted loss. The same form serves regression and classification losses.
    /// wᵢ is the task's <see cref="TaskDefinition.LossWeight"/>. The log-variances are trained with the network (no weight
    /// decay), saved in checkpoints, and not part of the exported model. A task with no label in a batch contributes
    /// nothing to that batch, not even its ½·sᵢ term.
    /// </summary>
    public sealed class UncertaintyWeighting : LossBalancing
    {
        /// <summary>The starting log-variance of every task; 0 (σ² = 1) gives every task weight ½·wᵢ at first. Default 0.</summary>
        public double InitialLogVariance { get; set; }

        internal override void Validate(string optionName, IReadOnlyList<TaskDefinition> tasks)
        {
            if (!double.IsFinite(InitialLogVariance))
            {
                throw new System.ArgumentOutOfRangeException(nameof(InitialLogVariance), InitialLogVariance, $"{optionName}.{nameof(InitialLogVariance)} must be a finite number (default 0).");
            }
            new FixedLossWeights().Validate(optionName, tasks);
        }

        internal override Balancing.LossBalancer Build(ExtensionContext context)
            => new Balancer(context.Tasks.Select(t => t.LossWeight).ToArray(), (float)InitialLogVariance, context.Device);

        private sealed class Balancer : Balancing.LossBalancer
        {
            private readonly float[] _weights;
            private readonly Tensor _logVariances;

            public Balancer(float[] weights, float initial, Device device)
            {
                _weights = weights;
                using (no_grad())
                {
                    _logVariances = full(weights.Length, initial, device: device).requires_grad_(true).DetachFromDisposeScope();
                }
            }

            public override IReadOnlyList<Tensor> Parameters => new[] { _logVariances };

            public override void Balance(TrainingStep step)
            {
                using var half = 0.5f.ToScalar();
                var halfPrecision = _logVariances.neg().exp().mul(half);
                float[] factors;
                using (var values = halfPrecision.detach().cpu().data<float>())
                {
                    factors = values.ToArray();
                }
                foreach (int task in step.TrainedTasks)
                {
                    step.SetTerm(task, step.WeightedMeanLoss(task, _weights[task]).mul(halfPrecision[task]), factors[task] * _weights[task]);
                    step.AddExtraTerm(_logVariances[task].mul(half));
                }
            }
        }
    }
}
