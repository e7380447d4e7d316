using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// One optimizer step as every extension sees it: the per-task losses of the batch and which tasks have labels
    /// in it, the tasks the strategy trains, a deterministic random source, and per-task gradients on demand.
    /// A loss balancer sets each trained task's term (<see cref="SetTerm"/>); the loop sums them; a gradient
    /// aggregator replaces the shared parameters' summed gradient with its combination of <see cref="TaskGradients"/>.
    /// All tensors live in the step's dispose scope.
    /// </summary>
    internal sealed class TrainingStep
    {
        private readonly Tensor[] _lossSums;
        private readonly double[] _labelCounts;
        private readonly bool[] _active;
        private readonly Tensor?[] _terms;
        private readonly double[] _weights;
        private readonly int _seed;
        private readonly Device _device;
        private readonly List<(IReadOnlyList<Tensor> Parameters, Tensor Gradients)> _gradients = new List<(IReadOnlyList<Tensor>, Tensor)>();
        private Tensor? _extra;

        public TrainingStep(int epoch, int stepInEpoch, long step, int seed, IMultiTaskNetwork network, Tensor[] lossSums, double[] labelCounts, bool[] active, Device device)
        {
            Epoch = epoch;
            StepInEpoch = stepInEpoch;
            Step = step;
            _seed = seed;
            Network = network;
            _lossSums = lossSums;
            _labelCounts = labelCounts;
            _active = active;
            _device = device;
            _terms = new Tensor?[lossSums.Length];
            _weights = new double[lossSums.Length];
            TrainedTasks = Enumerable.Range(0, lossSums.Length).Where(t => active[t] && labelCounts[t] > 0).ToArray();
            SharedTasks = TrainedTasks.Where(t => !network.DetachedTasks.Contains(t)).ToArray();
        }

        public int Epoch { get; }

        /// <summary>The batch's index within the epoch, from 0.</summary>
        public int StepInEpoch { get; }

        /// <summary>The optimizer steps taken before this one in the whole run.</summary>
        public long Step { get; }

        public IMultiTaskNetwork Network { get; }

        public int TaskCount => _lossSums.Length;

        /// <summary>The tasks this step trains: chosen by the strategy and labelled in at least one row of the batch, in task order.</summary>
        public IReadOnlyList<int> TrainedTasks { get; }

        /// <summary>
        /// The trained tasks whose loss reaches the shared parameters (all of <see cref="TrainedTasks"/> but those per-task
        /// early stopping detached): the rows of <see cref="TaskGradients"/> and <see cref="MeanLossGradients"/>.
        /// </summary>
        public IReadOnlyList<int> SharedTasks { get; }

        /// <summary>Labelled entries of task <paramref name="task"/> in the batch (their total example weight when the data has weights).</summary>
        public double LabelCount(int task) => _labelCounts[task];

        /// <summary>True when the strategy trains <paramref name="task"/> in this step (whether or not the batch has labels for it).</summary>
        public bool IsActive(int task) => _active[task];

        /// <summary>The sum of the task's loss over the batch's labelled entries.</summary>
        public Tensor LossSum(int task) => _lossSums[task];

        /// <summary>
        /// <paramref name="weight"/> times the task's mean loss over its labelled entries, as one multiplication of the
        /// sum by weight / count (the arithmetic of the fixed-weight loss since milestone 1). Only for a trained task.
        /// </summary>
        public Tensor WeightedMeanLoss(int task, double weight)
        {
            if (_labelCounts[task] == 0)
            {
                throw new InvalidOperationException($"Task {task} has no label in this batch; it has no mean loss.");
            }
            // A 0-d tensor rather than a Scalar: the dispose scope releases it exactly once.
            return _lossSums[task].mul(tensor((float)weight / (float)_labelCounts[task], device: _device));
        }

        /// <summary>Sets a trained task's term of the total loss, and the weight it stands for (what the history reports).</summary>
        public void SetTerm(int task, Tensor term, double weight)
        {
            _terms[task] = term;
            _weights[task] = weight;
        }

        /// <summary>Adds a term that belongs to no task (e.g. uncertainty weighting's regularizer of its log-variances).</summary>
        public void AddExtraTerm(Tensor term) => _extra = _extra is null ? term : _extra + term;

        /// <summary>The weight each task's term stands for in this step (0 for an untrained task).</summary>
        public IReadOnlyList<double> Weights => _weights;

        /// <summary>A random source for one extension, seeded by (run seed, epoch, step, extension), so resumed runs draw the same.</summary>
        public Random RandomFor(string extension) => DeterministicRandom.For(_seed, Epoch, StepInEpoch, extension);

        /// <summary>
        /// The gradients of each shared task's term (rows in the order of <see cref="SharedTasks"/>) with respect to
        /// <paramref name="parameters"/>, flattened into a [tasks, D] matrix. Computed once per step and parameter
        /// list; the graph is kept so the loop can still run the backward pass of the total.
        /// </summary>
        public Tensor TaskGradients(IReadOnlyList<Tensor> parameters)
        {
            foreach (var (cached, gradients) in _gradients)
            {
                if (ReferenceEquals(cached, parameters))
                {
                    return gradients;
                }
            }
            var matrix = Gradients(SharedTasks.Select(task => _terms[task] ?? throw new InvalidOperationException($"The balancer set no term for trained task {task}.")), parameters);
            _gradients.Add((parameters, matrix));
            return matrix;
        }

        /// <summary>
        /// The gradients of each shared task's unweighted mean loss (rows in the order of <see cref="SharedTasks"/>)
        /// with respect to <paramref name="parameters"/>: what a balancer that weighs by gradient norms (GradNorm) needs
        /// before it sets the terms. The graph is kept.
        /// </summary>
        public Tensor MeanLossGradients(IReadOnlyList<Tensor> parameters)
            => Gradients(SharedTasks.Select(task => WeightedMeanLoss(task, 1)), parameters);

        private Tensor Gradients(IEnumerable<Tensor> losses, IReadOnlyList<Tensor> parameters)
        {
            if (GraphReleased)
            {
                // Differentiating a freed graph is a native abort in libtorch, not an exception: refuse it here.
                throw new InvalidOperationException("The step's graph was released by its backward pass; an observer that needs task gradients must set NeedsGraph.");
            }
            if (parameters.Count == 0)
            {
                throw new InvalidOperationException("Task gradients need at least one parameter.");
            }
            var inputs = parameters.ToList();
            var rows = losses.Select(loss =>
            {
                var grads = autograd.grad(new[] { loss }, inputs, retain_graph: true, allow_unused: true);
                return cat(grads.Select((g, i) => g is null || g.IsInvalid ? zeros(parameters[i].numel(), device: _device) : g.flatten()).ToArray());
            }).ToArray();
            return stack(rows);
        }

        /// <summary>
        /// Replaces the summed task gradients of <paramref name="parameters"/> (already in their <c>.grad</c> after the
        /// backward pass) with <paramref name="combined"/> ([D]), keeping any gradient that came from other terms.
        /// </summary>
        public void SetGradients(IReadOnlyList<Tensor> parameters, Tensor combined)
        {
            var correction = combined - TaskGradients(parameters).sum(dim: 0);
            long offset = 0;
            using (no_grad())
            {
                foreach (var parameter in parameters)
                {
                    long size = parameter.numel();
                    var grad = parameter.grad;
                    if (grad is not null)
                    {
                        grad.add_(correction.narrow(0, offset, size).view(parameter.shape));
                    }
                    offset += size;
                }
            }
        }

        /// <summary>The sum of the task terms in task order, plus the extra term; null when no task is trained.</summary>
        internal Tensor? Total()
        {
            Tensor? total = null;
            foreach (var term in _terms)
            {
                if (term is not null)
                {
                    total = total is null ? term : total + term;
                }
            }
            return total is null ? null : _extra is null ? total : total + _extra;
        }

        internal bool HasTerm(int task) => _terms[task] is not null;

        /// <summary>
        /// Each task's mean loss on this step's batch with the network's current parameters, in evaluation mode (no dropout),
        /// without gradients; NaN for a task without labels in the batch. Training mode is restored after. Observers use it to
        /// measure the loss after a trial update of the parameters (lookahead task affinity).
        /// </summary>
        internal Func<double[]> BatchLosses { get; set; } = () => throw new InvalidOperationException("This step has no batch to evaluate.");

        /// <summary>True once the backward pass freed the graph (no observer asked to keep it).</summary>
        internal bool GraphReleased { get; set; }
    }
}
