using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.MultiTask.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// GradNorm (Chen et al., ICML 2018): learned task weights wᵢ that make the tasks' gradient norms at the last shared
    /// layer, Gᵢ = ‖∇(wᵢ·Lᵢ)‖, move toward Ḡ·rᵢ^α, where rᵢ is task i's loss ratio Lᵢ(t)/Lᵢ(0) relative to the mean
    /// ratio: a task that trains more slowly gets a larger gradient. Every step the weights take one gradient step on
    /// Σ|Gᵢ − Ḡ·rᵢ^α| (the target held constant, as in the paper) with their own learning rate, and are renormalized to
    /// sum to the number of tasks. Lᵢ includes the task's <see cref="TaskDefinition.LossWeight"/>. The weights and the
    /// initial losses are saved in checkpoints. Needs shared parameters; costs one extra backward pass per task.
    /// </summary>
    public sealed class GradNorm : LossBalancing
    {
        /// <summary>α, the strength of the pull toward equal training rates, ≥ 0. Default 1.5 (the paper's for most of its experiments).</summary>
        public double Alpha { get; set; } = 1.5;

        /// <summary>The learning rate of the task weights' own gradient steps (taken relative to the mean gradient norm), &gt; 0. Default 0.025.</summary>
        public double WeightLearningRate { get; set; } = 0.025;

        internal override void Validate(string optionName, IReadOnlyList<TaskDefinition> tasks)
        {
            if (!(Alpha >= 0) || double.IsInfinity(Alpha))
            {
                throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, $"{optionName}.{nameof(Alpha)} must be a finite number >= 0 (default 1.5); got {Alpha}.");
            }
            if (!(WeightLearningRate > 0) || double.IsInfinity(WeightLearningRate))
            {
                throw new ArgumentOutOfRangeException(nameof(WeightLearningRate), WeightLearningRate, $"{optionName}.{nameof(WeightLearningRate)} must be a finite number > 0 (default 0.025); got {WeightLearningRate}.");
            }
            new FixedLossWeights().Validate(optionName, tasks);
        }

        internal override Balancing.LossBalancer Build(ExtensionContext context)
        {
            if (context.Network.LastSharedParameters.Count == 0)
            {
                throw new ArgumentException($"{context.OptionPrefix}{nameof(MultiTaskTrainer.Options.LossBalancing)} (GradNorm) balances the tasks' gradient norms at the last shared layer, but the architecture shares no parameter; use another balancing method or an architecture with shared layers.");
            }
            return new Balancer(context, this);
        }

        private sealed class Balancer : Balancing.LossBalancer
        {
            private readonly IReadOnlyList<Tensor> _layer;
            private readonly double[] _lossWeights;
            private readonly double _alpha;
            private readonly double _rate;
            private double[] _weights;
            private double[] _initial;

            public Balancer(ExtensionContext context, GradNorm options)
            {
                _layer = context.Network.LastSharedParameters;
                _lossWeights = context.Tasks.Select(t => (double)t.LossWeight).ToArray();
                _alpha = options.Alpha;
                _rate = options.WeightLearningRate;
                _weights = Enumerable.Repeat(1.0, context.TaskCount).ToArray();
                _initial = Enumerable.Repeat(double.NaN, context.TaskCount).ToArray();
            }

            public override string CheckpointSection => "balancing:" + nameof(GradNorm);

            public override void Balance(TrainingStep step)
            {
                if (step.SharedTasks.Count > 1)
                {
                    Update(step, step.SharedTasks);
                }
                foreach (int task in step.TrainedTasks)
                {
                    double weight = _weights[task] * _lossWeights[task];
                    step.SetTerm(task, step.WeightedMeanLoss(task, weight), weight);
                }
            }

            /// <summary>One gradient step of the weights on the GradNorm loss, then renormalization.</summary>
            private void Update(TrainingStep step, IReadOnlyList<int> trained)
            {
                double[] norms, losses;
                using (var scope = NewDisposeScope())
                {
                    var gradients = step.MeanLossGradients(_layer);
                    using var normValues = gradients.norm(1).to_type(TorchSharp.torch.ScalarType.Float64).cpu().data<double>();
                    norms = trained.Select((task, i) => normValues[i] * _lossWeights[task]).ToArray();
                    using var lossValues = stack(trained.Select(task => step.WeightedMeanLoss(task, _lossWeights[task]).detach()).ToArray()).to_type(TorchSharp.torch.ScalarType.Float64).cpu().data<double>();
                    losses = lossValues.ToArray();
                }
                for (int i = 0; i < trained.Count; i++)
                {
                    if (double.IsNaN(_initial[trained[i]]))
                    {
                        _initial[trained[i]] = Math.Max(losses[i], 1e-12);
                    }
                }
                var ratios = trained.Select((task, i) => losses[i] / _initial[task]).ToArray();
                double meanRatio = ratios.Average();
                var weighted = trained.Select((task, i) => _weights[task] * norms[i]).ToArray();
                double meanNorm = weighted.Average();
                // The step is taken relative to the mean raw norm, so its size does not depend on the scale of the losses.
                double scale = Math.Max(norms.Average(), 1e-12);
                for (int i = 0; i < trained.Count; i++)
                {
                    double target = meanNorm * Math.Pow(ratios[i] / meanRatio, _alpha);
                    // d|wᵢ·nᵢ − target|/dwᵢ = sign(wᵢ·nᵢ − target)·nᵢ
                    _weights[trained[i]] = Math.Max(1e-4, _weights[trained[i]] - (_rate * Math.Sign(weighted[i] - target) * norms[i] / scale));
                }
                double sum = _weights.Sum();
                _weights = _weights.Select(w => w * _weights.Length / sum).ToArray();
            }

            public override void WriteState(BinaryWriter writer)
            {
                foreach (var values in new[] { _weights, _initial })
                {
                    writer.Write(values.Length);
                    Array.ForEach(values, writer.Write);
                }
            }

            public override void ReadState(BinaryReader reader)
            {
                double[] Read() => Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadDouble()).ToArray();
                (_weights, _initial) = (Read(), Read());
            }
        }
    }
}
