using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
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
        private readonly TrainingCancellation _cancellation;
        private readonly string _fingerprint;
        private double _learningRate;
        private int _recoveries;

        /// <summary>A loop for one run. The fingerprint describes the data and network; a checkpoint is only resumed by a run with the same one.</summary>
        public TrainingLoop(IMultiTaskNetwork network, IReadOnlyList<TaskHead> heads, SharedEncoderTrainer.Options options, Device device, int seed,
            IChannel channel, TrainingCancellation cancellation, string fingerprint)
        {
            _network = network;
            _heads = heads;
            _options = options;
            _device = device;
            _seed = seed;
            _channel = channel;
            _cancellation = cancellation;
            _fingerprint = fingerprint;
            _learningRate = options.LearningRate;
        }

        public TrainingHistory Run(MultiTaskDataSet training, MultiTaskDataSet? validation)
        {
            var parameters = _network.Module.parameters().ToList();
            var order = new MinibatchOrder(training.RowCount, _seed);
            var epochs = new List<TrainingEpochSummary>();
            using var best = new WeightSnapshot();
            using var lastGood = new WeightSnapshot();
            double bestLoss = double.PositiveInfinity;
            int bestEpoch = 0, epochsWithoutImprovement = 0, firstEpoch = 1;
            bool stoppedEarly = false;
            var resumed = _options.ResumeFromCheckpoint == null ? null : TrainingCheckpoint.Read(_options.ResumeFromCheckpoint);
            if (resumed != null)
            {
                CheckMatches(resumed);
                (_learningRate, _recoveries, bestEpoch, bestLoss, epochsWithoutImprovement, firstEpoch) =
                    (resumed.LearningRate, resumed.Recoveries, resumed.BestEpoch, resumed.BestLoss, resumed.EpochsWithoutImprovement, resumed.Epoch + 1);
                epochs.AddRange(resumed.Epochs);
                CopyInto(parameters, resumed.Parameters);
                if (resumed.Best != null)
                {
                    CopyInto(parameters, resumed.Best);
                    best.Capture(parameters);
                    CopyInto(parameters, resumed.Parameters);
                }
                _channel.Info(MessageSensitivity.None, $"Resuming from '{_options.ResumeFromCheckpoint}' after epoch {resumed.Epoch}.");
            }
            var optimizer = NewOptimizer(parameters, resumed);
            var clock = Stopwatch.StartNew();
            var elapsedBefore = epochs.Count > 0 ? epochs[^1].Elapsed : TimeSpan.Zero;
            try
            {
                for (int epoch = firstEpoch; epoch <= _options.MaxEpochs; epoch++)
                {
                    var epochStart = clock.Elapsed;
                    if (_options.OnDivergence == DivergenceAction.RestoreAndLowerLearningRate)
                    {
                        lastGood.Capture(parameters);
                    }
                    Dictionary<string, double> trainingLosses;
                    Dictionary<string, double>? validationLosses;
                    try
                    {
                        trainingLosses = TrainEpoch(training, order.ForEpoch(epoch), optimizer, epoch);
                        validationLosses = validation == null ? null : ComputeLosses(validation, epoch);
                    }
                    catch (TrainingDivergedException diverged) when (_options.OnDivergence == DivergenceAction.RestoreAndLowerLearningRate && _recoveries < _options.MaxDivergenceRecoveries)
                    {
                        _recoveries++;
                        lastGood.Restore(parameters);
                        _learningRate *= _options.DivergenceLearningRateFactor;
                        optimizer.Dispose();
                        optimizer = NewOptimizer(parameters, null);
                        _channel.Warning(MessageSensitivity.None, $"{diverged.Message} Recovery {_recoveries} of {_options.MaxDivergenceRecoveries}: restored the weights from before epoch {epoch} and lowered the learning rate to {_learningRate:G4}.");
                        epoch--;
                        continue;
                    }
                    double seconds = Math.Max((clock.Elapsed - epochStart).TotalSeconds, 1e-9);
                    var summary = new TrainingEpochSummary(epoch, trainingLosses, WeightedSum(trainingLosses), validationLosses,
                        validationLosses == null ? null : WeightedSum(validationLosses), training.RowCount / seconds, elapsedBefore + clock.Elapsed, _learningRate);
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
                    if (_options.CheckpointFolder != null && epoch % _options.CheckpointInterval == 0)
                    {
                        string path = Path.Combine(_options.CheckpointFolder, TrainingCheckpoint.FileName(epoch));
                        Directory.CreateDirectory(_options.CheckpointFolder);
                        new TrainingCheckpoint
                        {
                            Fingerprint = _fingerprint, Epoch = epoch, LearningRate = _learningRate, Recoveries = _recoveries, OptimizerStep = optimizer.StepCount,
                            BestEpoch = bestEpoch, BestLoss = bestLoss, EpochsWithoutImprovement = epochsWithoutImprovement, Epochs = epochs.ToArray(),
                            Parameters = ToArrays(parameters), FirstMoments = ToArrays(optimizer.FirstMoments), SecondMoments = ToArrays(optimizer.SecondMoments),
                            Best = best.IsEmpty ? null : ToArrays(best.Copies),
                        }.Write(path);
                        _channel.Info(MessageSensitivity.None, $"Wrote checkpoint '{path}'.");
                    }
                }
                if (validation != null && bestEpoch != epochs.Count)
                {
                    best.Restore(parameters);
                }
                EnsureFinite(parameters);
            }
            catch (TrainingDivergedException diverged)
            {
                // The internal type only routes recovery; users catch the InvalidOperationException it is.
                throw new InvalidOperationException(diverged.Message);
            }
            finally
            {
                optimizer.Dispose();
            }
            return new TrainingHistory(epochs, bestEpoch, stoppedEarly);
        }

        private AdamWOptimizer NewOptimizer(IReadOnlyList<Tensor> parameters, TrainingCheckpoint? resumed)
        {
            var optimizer = new AdamWOptimizer(parameters, _learningRate, _options.WeightDecay);
            if (resumed != null)
            {
                CopyInto(optimizer.FirstMoments, resumed.FirstMoments);
                CopyInto(optimizer.SecondMoments, resumed.SecondMoments);
                optimizer.ResumeAt(resumed.OptimizerStep);
            }
            return optimizer;
        }

        private void CheckMatches(TrainingCheckpoint checkpoint)
        {
            if (checkpoint.Fingerprint != _fingerprint)
            {
                throw new ArgumentException(
                    $"{nameof(SharedEncoderTrainer.Options)}.{nameof(SharedEncoderTrainer.Options.ResumeFromCheckpoint)}: '{_options.ResumeFromCheckpoint}' was written by a run with {checkpoint.Fingerprint}; this run has {_fingerprint}. Resume with the same data, tasks, layers, batch size and seed.");
            }
            if (checkpoint.Epoch >= _options.MaxEpochs)
            {
                throw new ArgumentException($"{nameof(SharedEncoderTrainer.Options)}.{nameof(SharedEncoderTrainer.Options.ResumeFromCheckpoint)}: the checkpoint is of epoch {checkpoint.Epoch}, but {nameof(SharedEncoderTrainer.Options.MaxEpochs)} is {_options.MaxEpochs}; raise MaxEpochs to train further.");
            }
        }

        /// <summary>The guarantee that no model with NaN or infinite weights is returned, whatever happened in training.</summary>
        private static void EnsureFinite(IReadOnlyList<Tensor> parameters)
        {
            using var scope = NewDisposeScope();
            if (parameters.Any(p => !p.isfinite().all().item<bool>()))
            {
                throw new TrainingDivergedException("Training ended with NaN or infinite weights. Lower " + nameof(SharedEncoderTrainer.Options.LearningRate) + " or normalize the features.");
            }
        }

        private static float[][] ToArrays(IEnumerable<Tensor> tensors) => tensors.Select(t =>
        {
            using var detached = t.detach();
            using var cpu = detached.cpu();
            using var values = cpu.data<float>();
            return values.ToArray();
        }).ToArray();

        private static void CopyInto(IReadOnlyList<Tensor> tensors, float[][] values)
        {
            using var scope = NewDisposeScope();
            using (no_grad())
            {
                for (int i = 0; i < tensors.Count; i++)
                {
                    tensors[i].copy_(tensor(values[i], tensors[i].shape));
                }
            }
        }

        private Dictionary<string, double> TrainEpoch(MultiTaskDataSet data, int[] rows, AdamWOptimizer optimizer, int epoch)
        {
            _network.Module.train();
            // Dropout draws from a generator seeded per epoch, so a run resumed from a checkpoint draws the same masks.
            torch.random.manual_seed((_seed * 7_919L) + epoch);
            var sums = new double[_heads.Count];
            var counts = new double[_heads.Count];
            int batchSize = _options.BatchSize;
            for (int start = 0; start < rows.Length; start += batchSize)
            {
                _cancellation.ThrowIfCanceled();
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
                    throw Diverged(task, batchSums[task], epoch, "training");
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
        private TrainingDivergedException Diverged(int task, double loss, int epoch, string data)
            => new TrainingDivergedException(
                $"The {data} loss of task '{_heads[task].Definition.Name}' became {loss} in epoch {epoch} (learning rate {_learningRate:G4}" +
                (_recoveries > 0 ? $", after {_recoveries} divergence recoveries" : string.Empty) +
                $"). Lower {nameof(SharedEncoderTrainer.Options.LearningRate)}, normalize the features, check the labels for extreme values, " +
                $"or set {nameof(SharedEncoderTrainer.Options.OnDivergence)} = {nameof(DivergenceAction.RestoreAndLowerLearningRate)}.");

        private Dictionary<string, double> ComputeLosses(MultiTaskDataSet data, int epoch)
        {
            _network.Module.eval();
            var sums = new double[_heads.Count];
            var counts = new double[_heads.Count];
            var rows = Enumerable.Range(0, data.RowCount).ToArray();
            using (no_grad())
            {
                for (int start = 0; start < rows.Length; start += EvaluationBatchSize)
                {
                    _cancellation.ThrowIfCanceled();
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
            for (int task = 0; task < _heads.Count; task++)
            {
                if (!double.IsFinite(sums[task]))
                {
                    throw Diverged(task, sums[task], epoch, "validation");
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
