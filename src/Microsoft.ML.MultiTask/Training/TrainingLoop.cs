using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Tasks;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// Minibatch training of a multi-task network with AdamW on the loss-weighted sum of the tasks'
    /// masked mean losses; validation after every epoch with early stopping on the summed loss.
    /// </summary>
    internal sealed class TrainingLoop
    {
        /// <summary>Rows per forward pass when computing validation losses (no gradients, so larger than training).</summary>
        private const int EvaluationBatchSize = 4096;

        private readonly IMultiTaskNetwork _network;
        private readonly IReadOnlyList<TaskHead> _heads;
        private readonly SharedEncoderTrainer.Options _options;
        private readonly Device _device;
        private readonly int _seed;
        private readonly IChannel _channel;

        public TrainingLoop(IMultiTaskNetwork network, IReadOnlyList<TaskHead> heads, SharedEncoderTrainer.Options options, Device device, int seed, IChannel channel)
        {
            _network = network;
            _heads = heads;
            _options = options;
            _device = device;
            _seed = seed;
            _channel = channel;
        }

        public TrainingHistory Run(MultiTaskDataSet training, MultiTaskDataSet? validation)
        {
            var parameters = _network.Module.parameters().ToList();
            using var optimizer = new AdamWOptimizer(parameters, _options.LearningRate, _options.WeightDecay);
            var order = new MinibatchOrder(training.RowCount, _seed);
            var epochs = new List<TrainingEpochSummary>();
            var clock = Stopwatch.StartNew();
            var best = new WeightSnapshot();
            double bestLoss = double.PositiveInfinity;
            int bestEpoch = 0, epochsWithoutImprovement = 0;
            bool stoppedEarly = false;
            try
            {
                for (int epoch = 1; epoch <= _options.MaxEpochs; epoch++)
                {
                    var epochStart = clock.Elapsed;
                    var trainingLosses = TrainEpoch(training, order.ForEpoch(epoch), optimizer, epoch);
                    var validationLosses = validation == null ? null : ComputeLosses(validation);
                    double seconds = Math.Max((clock.Elapsed - epochStart).TotalSeconds, 1e-9);
                    var summary = new TrainingEpochSummary(epoch, trainingLosses, WeightedSum(trainingLosses),
                        validationLosses, validationLosses == null ? null : WeightedSum(validationLosses), training.RowCount / seconds, clock.Elapsed);
                    epochs.Add(summary);
                    _channel.Info(MessageSensitivity.None, summary.ToString());
                    _options.Progress?.Report(summary);

                    if (summary.ValidationLoss is double loss)
                    {
                        if (loss < bestLoss - _options.EarlyStoppingMinDelta)
                        {
                            bestLoss = loss;
                            bestEpoch = epoch;
                            epochsWithoutImprovement = 0;
                            best.Capture(parameters);
                        }
                        else if (_options.EarlyStoppingPatience > 0 && ++epochsWithoutImprovement >= _options.EarlyStoppingPatience)
                        {
                            stoppedEarly = epoch < _options.MaxEpochs;
                            _channel.Info(MessageSensitivity.None, $"Early stopping after epoch {epoch}: no validation improvement for {epochsWithoutImprovement} epochs; keeping epoch {bestEpoch}.");
                            break;
                        }
                    }
                    else
                    {
                        bestEpoch = epoch;
                    }
                }
                if (validation != null && bestEpoch != epochs.Count)
                {
                    best.Restore(parameters);
                }
            }
            finally
            {
                best.Dispose();
            }
            return new TrainingHistory(epochs, bestEpoch, stoppedEarly);
        }

        private Dictionary<string, double> TrainEpoch(MultiTaskDataSet data, int[] rows, AdamWOptimizer optimizer, int epoch)
        {
            _network.Module.train();
            var sums = new double[_heads.Count];
            var counts = new double[_heads.Count];
            int batchSize = _options.BatchSize;
            for (int start = 0; start < rows.Length; start += batchSize)
            {
                if (Backward(data, rows.AsSpan(start, Math.Min(batchSize, rows.Length - start)), sums, counts, optimizer, epoch))
                {
                    // Outside the batch's dispose scope: the optimizer keeps state it creates on its first step.
                    optimizer.Step();
                }
            }

            return ToLosses(sums, counts);
        }

        /// <summary>Forward pass, losses and gradients of one batch, all tensors released on return; false when no row of it has any label.</summary>
        private bool Backward(MultiTaskDataSet data, ReadOnlySpan<int> batch, double[] sums, double[] counts, AdamWOptimizer optimizer, int epoch)
        {
            using var scope = NewDisposeScope();
            var logits = _network.Forward(data.Features.Batch(batch, _device));
            var taskSums = new Tensor[_heads.Count];
            Tensor? total = null;
            for (int task = 0; task < _heads.Count; task++)
            {
                var (labels, mask, count) = data.LabelBatch(task, batch, _device);
                taskSums[task] = _heads[task].LossSum(logits[task], labels, mask);
                counts[task] += count;
                if (count > 0)
                {
                    // A 0-d tensor rather than a Scalar: the dispose scope releases it exactly once.
                    var term = taskSums[task].mul(tensor(_heads[task].Definition.LossWeight / (float)count, device: _device));
                    total = total is null ? term : total + term;
                }
            }
            // One read of all tasks' sums per batch: each read waits for the device.
            float[] batchSums;
            using (var values = stack(taskSums).detach().cpu().data<float>())
            {
                batchSums = values.ToArray();
            }
            for (int task = 0; task < _heads.Count; task++)
            {
                if (!float.IsFinite(batchSums[task]))
                {
                    throw new InvalidOperationException(
                        $"The loss of task '{_heads[task].Definition.Name}' became {batchSums[task]} in epoch {epoch} (learning rate {_options.LearningRate}). Lower {nameof(SharedEncoderTrainer.Options.LearningRate)}, normalize the features, or check the labels for extreme values.");
                }
                sums[task] += batchSums[task];
            }
            if (total is null)
            {
                return false;
            }
            optimizer.ZeroGrad();
            total.backward();
            return true;
        }

        /// <summary>Mean loss per task over a whole data set, in evaluation mode.</summary>
        internal Dictionary<string, double> ComputeLosses(MultiTaskDataSet data)
        {
            _network.Module.eval();
            var sums = new double[_heads.Count];
            var counts = new double[_heads.Count];
            var rows = Enumerable.Range(0, data.RowCount).ToArray();
            using (no_grad())
            {
                for (int start = 0; start < rows.Length; start += EvaluationBatchSize)
                {
                    using var scope = NewDisposeScope();
                    var batch = rows.AsSpan(start, Math.Min(EvaluationBatchSize, rows.Length - start));
                    var logits = _network.Forward(data.Features.Batch(batch, _device));
                    for (int task = 0; task < _heads.Count; task++)
                    {
                        var (labels, mask, count) = data.LabelBatch(task, batch, _device);
                        sums[task] += _heads[task].LossSum(logits[task], labels, mask).item<float>();
                        counts[task] += count;
                    }
                }
            }
            return ToLosses(sums, counts);
        }

        private Dictionary<string, double> ToLosses(double[] sums, double[] counts)
            => _heads.Select((head, task) => (head.Definition.Name, Loss: counts[task] > 0 ? sums[task] / counts[task] : double.NaN))
                .ToDictionary(p => p.Name, p => p.Loss);

        private double WeightedSum(IReadOnlyDictionary<string, double> losses)
            => _heads.Sum(head => double.IsNaN(losses[head.Definition.Name]) ? 0 : head.Definition.LossWeight * losses[head.Definition.Name]);
    }
}
