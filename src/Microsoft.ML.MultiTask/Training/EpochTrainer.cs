using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// One epoch of minibatch steps. Per step: the strategy plans which tasks train and which parameters stay frozen,
    /// the network runs forward, each task's masked loss sum is taken, the balancer sets the tasks' terms, the
    /// backward pass runs (with a gradient aggregator: per-task gradients of the shared parameters are combined),
    /// gradients are clipped if asked, observers see the step, and the optimizer moves at the scheduled rate.
    /// </summary>
    internal sealed class EpochTrainer
    {
        private readonly TrainingComponents _components;
        private readonly IReadOnlyList<TaskHead> _heads;
        private readonly int _batchSize;
        private readonly double? _maxGradientNorm;
        private readonly double _l1;
        private readonly Tensor[] _weightMatrices;
        private readonly Device _device;
        private readonly int _seed;
        private readonly TrainingCancellation _cancellation;
        private readonly int _freezeTransferredEpochs;

        public EpochTrainer(TrainingComponents components, IReadOnlyList<TaskHead> heads, MultiTaskTrainer.Options options, Device device, int seed, TrainingCancellation cancellation)
        {
            _components = components;
            _heads = heads;
            _batchSize = options.Batch;
            _maxGradientNorm = options.MaxGradientNorm;
            _l1 = options.L1Regularization;
            _weightMatrices = components.Network.Module.parameters().Where(p => p.dim() >= 2).Cast<Tensor>().ToArray();
            _device = device;
            _seed = seed;
            _cancellation = cancellation;
            _freezeTransferredEpochs = options.FreezeInitialWeightsEpochs;
        }

        /// <summary>Mean training loss per task, mean weight per task over the steps that trained it, and each task's first-batch mean loss.</summary>
        public sealed class Result
        {
            public double[] LossSums { get; init; } = Array.Empty<double>();

            public double[] LabelCounts { get; init; } = Array.Empty<double>();

            public double[] WeightSums { get; init; } = Array.Empty<double>();

            public int[] TrainedSteps { get; init; } = Array.Empty<int>();

            public double LearningRate { get; set; }

            /// <summary>Each task's mean loss on the run's first batch, before any step (NaN where it had no label); null after the first epoch.</summary>
            public double[]? InitialLosses { get; set; }
        }

        /// <param name="data">The training data.</param>
        /// <param name="rows">The epoch's row order.</param>
        /// <param name="optimizer">The optimizer; its rate is set before each step.</param>
        /// <param name="epoch">The epoch, from 1.</param>
        /// <param name="baseRate">The learning rate before the schedule's factor (the option, lowered by recoveries).</param>
        /// <param name="onDiverged">Builds the error for a task whose batch loss is not finite.</param>
        /// <param name="stopping">Per-task early stopping: stopped tasks do not train and their parameters stay frozen; or null.</param>
        public Result Train(MultiTaskDataSet data, int[] rows, AdamWOptimizer optimizer, int epoch, double baseRate, Func<int, double, Exception> onDiverged, TaskEarlyStopping? stopping)
        {
            _components.Network.Module.train();
            // Dropout draws from a generator seeded per epoch, so a run resumed from a checkpoint draws the same masks.
            torch.random.manual_seed((_seed * 7_919L) + epoch);
            int tasks = _heads.Count;
            var result = new Result { LossSums = new double[tasks], LabelCounts = new double[tasks], WeightSums = new double[tasks], TrainedSteps = new int[tasks] };
            var active = new bool[tasks];
            data.Features.Plan(rows);
            for (int start = 0, stepInEpoch = 0; start < rows.Length; start += _batchSize, stepInEpoch++)
            {
                _cancellation.ThrowIfCanceled();
                Array.Fill(active, true);
                var frozen = _components.Strategy.Plan(epoch, stepInEpoch, active);
                if (stopping != null)
                {
                    frozen = frozen.Concat(stopping.Frozen).ToArray();
                }
                if (epoch <= _freezeTransferredEpochs)
                {
                    frozen = frozen.Concat(_components.Transferred).ToArray();
                }
                optimizer.LearningRate = baseRate * _components.Scheduler.Factor(epoch, stepInEpoch);
                result.LearningRate = optimizer.LearningRate;
                if (Backward(data, rows.AsSpan(start, Math.Min(_batchSize, rows.Length - start)), active, frozen, result, optimizer, epoch, stepInEpoch, onDiverged))
                {
                    optimizer.Step(frozen);
                }
            }
            return result;
        }

        /// <summary>Each task's mean loss on the given rows in evaluation mode, without gradients (NaN where unlabelled); training mode is restored.</summary>
        private double[] BatchLosses(MultiTaskDataSet data, int[] batch)
        {
            var module = _components.Network.Module;
            module.eval();
            try
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var logits = _components.Network.Forward(data.Features.Batch(batch, _device));
                return _heads.Select((head, task) =>
                {
                    var (labels, mask, count) = data.LabelBatch(task, batch, _device);
                    return count > 0 ? head.LossSum(logits[task], labels, mask).item<float>() / count : double.NaN;
                }).ToArray();
            }
            finally
            {
                module.train();
            }
        }

        /// <summary>Forward pass, losses and gradients of one batch, all tensors released on return; false when no task trains on it.</summary>
        private bool Backward(MultiTaskDataSet data, ReadOnlySpan<int> batch, bool[] active, IReadOnlyCollection<Tensor> frozen, Result result,
            AdamWOptimizer optimizer, int epoch, int stepInEpoch, Func<int, double, Exception> onDiverged)
        {
            using var scope = NewDisposeScope();
            var network = _components.Network;
            var logits = network.Forward(data.Features.Batch(batch, _device));
            // Ensemble members' rows come member by member: each member's loss against the same labels, averaged.
            int members = network.EnsembleMembers;
            var lossSums = new Tensor[_heads.Count];
            var counts = new double[_heads.Count];
            for (int task = 0; task < _heads.Count; task++)
            {
                var (labels, mask, count) = data.LabelBatch(task, batch, _device);
                lossSums[task] = members == 1
                    ? _heads[task].LossSum(logits[task], labels, mask)
                    : _heads[task].LossSum(logits[task], _heads[task].RepeatForMembers(labels, members), mask?.repeat(members, 1)).mul(tensor(1f / members, device: _device));
                counts[task] = count;
            }
            // One read of all tasks' sums per batch: each read waits for the device.
            float[] batchSums;
            using (var values = stack(lossSums).detach().cpu().data<float>())
            {
                batchSums = values.ToArray();
            }
            for (int task = 0; task < _heads.Count; task++)
            {
                if (!float.IsFinite(batchSums[task]))
                {
                    throw onDiverged(task, batchSums[task]);
                }
                result.LossSums[task] += batchSums[task];
                result.LabelCounts[task] += counts[task];
            }
            if (optimizer.StepCount == 0 && result.InitialLosses == null)
            {
                result.InitialLosses = batchSums.Select((sum, task) => counts[task] > 0 ? sum / counts[task] : double.NaN).ToArray();
            }

            var step = new TrainingStep(epoch, stepInEpoch, optimizer.StepCount, _seed, network, lossSums, counts, active, _device);
            if (_components.Observers.Count > 0)
            {
                // Only observers evaluate the batch again; a plain step copies no rows for it.
                var batchRows = batch.ToArray();
                step.BatchLosses = () => BatchLosses(data, batchRows);
            }
            _components.Balancer.Balance(step);
            foreach (int task in step.TrainedTasks)
            {
                result.WeightSums[task] += step.Weights[task];
                result.TrainedSteps[task]++;
            }
            var total = step.Total();
            if (total is null)
            {
                return false;
            }
            if (network.Penalty() is Tensor penalty)
            {
                total = total + penalty;
            }
            if (_l1 > 0)
            {
                using var lambda = _l1.ToScalar();
                total = total + stack(_weightMatrices.Select(w => w.abs().sum()).ToArray()).sum().mul(lambda);
            }
            optimizer.ZeroGrad();
            var aggregator = _components.Aggregator;
            var gradients = aggregator == null ? null : step.TaskGradients(network.SharedParameters);
            bool keepGraph = _components.Observers.Any(o => o.NeedsGraph);
            total.backward(retain_graph: keepGraph);
            step.GraphReleased = !keepGraph;
            if (aggregator != null)
            {
                using (no_grad())
                {
                    step.SetGradients(network.SharedParameters, aggregator.Combine(gradients!, step));
                }
            }
            if (_maxGradientNorm is double maxNorm)
            {
                optimizer.ClipGradientNorm(maxNorm, frozen);
            }
            foreach (var observer in _components.Observers)
            {
                observer.OnStep(step);
            }
            return true;
        }
    }
}
