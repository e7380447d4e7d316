using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Tasks;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// The epochs of a run: training (<see cref="EpochTrainer"/>), validation, divergence recovery, early stopping on the
    /// summed validation loss, and checkpoints that resume to the same bits.
    /// </summary>
    internal sealed class TrainingLoop
    {
        /// <summary>An epoch's training loss above this many times a task's initial loss (and above 10) counts as divergence.</summary>
        internal const double LossGrowthLimit = 100;

        private readonly TrainingComponents _components;
        private readonly IReadOnlyList<TaskHead> _heads;
        private readonly MultiTaskTrainer.Options _options;
        private readonly Device _device;
        private readonly int _seed;
        private readonly IChannel _channel;
        private readonly TrainingCancellation _cancellation;
        private readonly TrainingFingerprint _fingerprint;
        private readonly EpochTrainer _trainer;
        private LoopState _state = new LoopState();

        /// <summary>A loop for one run. A checkpoint is only resumed by a run with the same fingerprint.</summary>
        public TrainingLoop(TrainingComponents components, IReadOnlyList<TaskHead> heads, MultiTaskTrainer.Options options, Device device, int seed,
            IChannel channel, TrainingCancellation cancellation, TrainingFingerprint fingerprint)
        {
            _components = components;
            _heads = heads;
            _options = options;
            _device = device;
            _seed = seed;
            _channel = channel;
            _cancellation = cancellation;
            _fingerprint = fingerprint;
            _trainer = new EpochTrainer(components, heads, options, device, seed, cancellation);
            _state.LearningRate = options.LearningRate;
        }

        public TrainingHistory Run(MultiTaskDataSet training, MultiTaskDataSet? validation)
        {
            var parameters = _components.Parameters;
            var order = new MinibatchOrder(training.RowCount, _seed, _heads.Select((head, task) => head.MinibatchGroups(training.Labels(task))).FirstOrDefault(groups => groups != null),
                training.Features.BlockStarts);
            using var best = new WeightSnapshot();
            using var lastGood = new WeightSnapshot();
            bool stoppedEarly = false;
            using var taskStopping = _options.PerTaskEarlyStopping && validation != null
                ? new TaskEarlyStopping(_components.Network, _heads.Select(h => h.Definition.Name).ToArray(), _options.EarlyStoppingPatience, _options.EarlyStoppingMinDelta)
                : null;
            var optimizer = NewOptimizer();
            if (_options.ResumeFromCheckpoint != null)
            {
                _state = LoopState.Resume(TrainingCheckpoint.Read(_options.ResumeFromCheckpoint), _fingerprint, _options, _components, optimizer, best, taskStopping);
                _channel.Info(MessageSensitivity.None, $"Resuming from '{_options.ResumeFromCheckpoint}' after epoch {_state.Epoch}.");
            }
            var clock = Stopwatch.StartNew();
            var elapsedBefore = _state.Epochs.Count > 0 ? _state.Epochs[^1].Elapsed : TimeSpan.Zero;
            try
            {
                for (int epoch = _state.Epoch + 1; epoch <= _options.Epochs; epoch++)
                {
                    var epochStart = clock.Elapsed;
                    if (_options.OnDivergence == DivergenceAction.RestoreAndLowerLearningRate)
                    {
                        lastGood.Capture(parameters);
                    }
                    EpochTrainer.Result trained;
                    Dictionary<string, double>? validationLosses;
                    try
                    {
                        trained = _trainer.Train(training, order.ForEpoch(epoch), optimizer, epoch, _state.LearningRate, (task, loss) => Diverged(task, loss, epoch, "training"), taskStopping);
                        _state.InitialLosses ??= trained.InitialLosses;
                        CheckGrowth(trained, epoch);
                        validationLosses = validation == null ? null : ValidationLosses(validation, epoch);
                    }
                    catch (TrainingDivergedException diverged) when (_options.OnDivergence == DivergenceAction.RestoreAndLowerLearningRate && _state.Recoveries < _options.MaxDivergenceRecoveries)
                    {
                        _state.Recoveries++;
                        lastGood.Restore(parameters);
                        _state.LearningRate *= _options.DivergenceLearningRateFactor;
                        optimizer.Dispose();
                        optimizer = NewOptimizer();
                        _channel.Warning(MessageSensitivity.None, $"{diverged.Message} Recovery {_state.Recoveries} of {_options.MaxDivergenceRecoveries}: restored the weights from before epoch {epoch} and lowered the learning rate to {_state.LearningRate:G4}.");
                        epoch--;
                        continue;
                    }
                    var metric = validation != null && _options.EarlyStoppingOnMetric ? ValidationMetric(validation) : (KeyValuePair<string, double>?)null;
                    var summary = Summarize(epoch, trained, validationLosses, metric, training.RowCount / Math.Max((clock.Elapsed - epochStart).TotalSeconds, 1e-9), elapsedBefore + clock.Elapsed);
                    _state.Epochs.Add(summary);
                    _state.Epoch = epoch;
                    _channel.Info(MessageSensitivity.None, summary.ToString());
                    _options.Progress?.Report(summary);

                    if (taskStopping != null)
                    {
                        foreach (var task in taskStopping.Update(epoch, summary.ValidationLosses!))
                        {
                            _channel.Info(MessageSensitivity.None, $"Task '{task}' stops after epoch {epoch}: no validation improvement for {_options.EarlyStoppingPatience} epochs; from now on its loss trains only its head.");
                        }
                        _state.BestEpoch = epoch;
                        if (taskStopping.AllStopped)
                        {
                            stoppedEarly = epoch < _options.Epochs;
                            break;
                        }
                    }
                    else if (Criterion(summary) is double loss)
                    {
                        if (loss < _state.BestLoss - _options.EarlyStoppingMinDelta)
                        {
                            (_state.BestLoss, _state.BestEpoch, _state.EpochsWithoutImprovement) = (loss, epoch, 0);
                            best.Capture(parameters);
                        }
                        else if (_options.EarlyStoppingPatience > 0 && ++_state.EpochsWithoutImprovement >= _options.EarlyStoppingPatience)
                        {
                            stoppedEarly = epoch < _options.Epochs;
                            _channel.Info(MessageSensitivity.None, $"Early stopping after epoch {epoch}: no validation improvement for {_state.EpochsWithoutImprovement} epochs; keeping epoch {_state.BestEpoch}.");
                            break;
                        }
                    }
                    else
                    {
                        _state.BestEpoch = epoch;
                    }
                    if (_options.CheckpointFolder != null && epoch % _options.CheckpointInterval == 0)
                    {
                        string path = Path.Combine(_options.CheckpointFolder, TrainingCheckpoint.FileName(epoch));
                        Directory.CreateDirectory(_options.CheckpointFolder);
                        _state.ToCheckpoint(_fingerprint, _components, optimizer, best, taskStopping).Write(path);
                        _channel.Info(MessageSensitivity.None, $"Wrote checkpoint '{path}'.");
                    }
                    if (_options.MaxTrainingTime is TimeSpan budget && summary.Elapsed >= budget && epoch < _options.Epochs)
                    {
                        stoppedEarly = true;
                        _channel.Info(MessageSensitivity.None, $"The training time budget ({budget.TotalSeconds:0.#} s) ran out after epoch {epoch} of {_options.Epochs}.");
                        break;
                    }
                }
                if (validation != null && taskStopping == null && _state.BestEpoch != _state.Epochs.Count)
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
            WarnAboutTheBestEpoch(validation != null && taskStopping == null, stoppedEarly);
            return new TrainingHistory(_state.Epochs, _state.BestEpoch, stoppedEarly, taskStopping?.StoppedEpochs ?? new Dictionary<string, int>());
        }

        /// <summary>The validation figure early stopping follows: one task's loss when <c>EarlyStoppingTask</c> is set, else the weighted sum.</summary>
        private double? Criterion(TrainingEpochSummary summary)
        {
            if (_options.EarlyStoppingTask == null || summary.ValidationLosses == null)
            {
                return summary.ValidationLoss;
            }
            // A metric is better when higher; the loop looks for the lowest criterion.
            return _options.EarlyStoppingOnMetric
                ? -summary.Observations.Single(o => o.Key.StartsWith(_options.EarlyStoppingTask + ".", StringComparison.Ordinal)).Value
                : summary.ValidationLosses[_options.EarlyStoppingTask];
        }

        /// <summary>The early-stopping task's main ML.NET metric on the validation set, named <c>Task.Metric</c>.</summary>
        private KeyValuePair<string, double> ValidationMetric(MultiTaskDataSet validation)
        {
            int task = _heads.Select(h => h.Definition.Name).ToList().IndexOf(_options.EarlyStoppingTask!);
            var logits = LossEvaluator.Logits(_components.Network, validation, _device, _cancellation);
            var figure = _heads[task].ValidationMetric(new MLContext(), logits[task], validation.Labels(task));
            return KeyValuePair.Create($"{_options.EarlyStoppingTask}.{figure.Key}", figure.Value);
        }

        private AdamWOptimizer NewOptimizer() => new AdamWOptimizer(_components.Parameters, _components.NetworkParameterCount, _state.LearningRate, _options.WeightDecay,
            _components.Transferred, _options.InitialWeightsLearningRateFactor);

        private TrainingEpochSummary Summarize(int epoch, EpochTrainer.Result trained, Dictionary<string, double>? validationLosses, KeyValuePair<string, double>? metric,
            double rowsPerSecond, TimeSpan elapsed)
        {
            var trainingLosses = ToLosses(trained.LossSums, trained.LabelCounts);
            var weights = _heads.Select((head, task) => (head.Definition.Name, Weight: trained.TrainedSteps[task] > 0 ? trained.WeightSums[task] / trained.TrainedSteps[task] : 0))
                .ToDictionary(p => p.Name, p => p.Weight);
            var observations = new Dictionary<string, double>(StringComparer.Ordinal);
            if (metric is KeyValuePair<string, double> figure)
            {
                observations[figure.Key] = figure.Value;
            }
            double? validationLoss = validationLosses == null ? null : WeightedSum(validationLosses);
            var end = new EpochEnd(epoch, trainingLosses, WeightedSum(trainingLosses), validationLosses, validationLoss, observations);
            foreach (var extension in _components.Extensions)
            {
                extension.OnEpochEnd(end);
            }
            return new TrainingEpochSummary(epoch, trainingLosses, WeightedSum(trainingLosses), validationLosses, validationLoss, rowsPerSecond, elapsed,
                trained.LearningRate, weights, observations, _heads.Where((_, task) => trained.TrainedSteps[task] > 0).Select(h => h.Definition.Name).ToArray(), _options.Epochs);
        }

        /// <summary>
        /// A model kept from the last epoch while the validation loss still improved is undertrained; one kept from the first
        /// epoch of several learned nothing after it. Neither is an error, but the user should know.
        /// </summary>
        private void WarnAboutTheBestEpoch(bool validated, bool stoppedEarly)
        {
            int epochs = _state.Epochs.Count;
            if (!validated || epochs < 2)
            {
                return;
            }
            if (_state.BestEpoch == epochs && !stoppedEarly)
            {
                _channel.Warning(MessageSensitivity.None, $"The validation loss was still improving at the last epoch ({epochs}); the model may be undertrained. Raise {nameof(MultiTaskTrainer.Options.MaxEpochs)} or {nameof(MultiTaskTrainer.Options.LearningRate)}.");
            }
            else if (_state.BestEpoch == 1)
            {
                _channel.Warning(MessageSensitivity.None, $"The best validation loss was in the first of {epochs} epochs; later epochs only overfitted or diverged. Lower {nameof(MultiTaskTrainer.Options.LearningRate)}, add {nameof(MultiTaskTrainer.Options.Dropout)} or {nameof(MultiTaskTrainer.Options.WeightDecay)}, or use more data.");
            }
        }

        /// <summary>A loss that grows by orders of magnitude is divergence too, even while it stays finite.</summary>
        private void CheckGrowth(EpochTrainer.Result trained, int epoch)
        {
            for (int task = 0; task < _heads.Count; task++)
            {
                if (trained.LabelCounts[task] == 0)
                {
                    continue;
                }
                double loss = trained.LossSums[task] / trained.LabelCounts[task];
                double initial = _state.InitialLosses![task];
                double reference = Math.Max(double.IsNaN(initial) ? 1 : initial, 0.1);
                if (loss > LossGrowthLimit * reference)
                {
                    throw Diverged(task, loss, epoch, "training", $", over {LossGrowthLimit:0} times its initial {initial:G4}");
                }
            }
        }

        private Dictionary<string, double> ValidationLosses(MultiTaskDataSet validation, int epoch)
        {
            var (sums, counts) = LossEvaluator.Evaluate(_components.Network, _heads, validation, _device, _cancellation);
            for (int task = 0; task < _heads.Count; task++)
            {
                if (!double.IsFinite(sums[task]))
                {
                    throw Diverged(task, sums[task], epoch, "validation");
                }
            }
            return ToLosses(sums, counts);
        }

        private TrainingDivergedException Diverged(int task, double loss, int epoch, string data, string growth = "")
            => new TrainingDivergedException(
                $"The {data} loss of task '{_heads[task].Definition.Name}' became {loss:G4}{growth} in epoch {epoch} (learning rate {_state.LearningRate:G4}" +
                (_state.Recoveries > 0 ? $", after {_state.Recoveries} divergence recoveries" : string.Empty) +
                $"). Lower {nameof(MultiTaskTrainer.Options.LearningRate)}, normalize the features, check the labels for extreme values, " +
                $"or set {nameof(MultiTaskTrainer.Options.OnDivergence)} = {nameof(DivergenceAction.RestoreAndLowerLearningRate)}.");

        /// <summary>The guarantee that no model with NaN or infinite weights is returned, whatever happened in training.</summary>
        private static void EnsureFinite(IReadOnlyList<Tensor> parameters)
        {
            using var scope = NewDisposeScope();
            if (parameters.Any(p => !p.isfinite().all().item<bool>()))
            {
                throw new TrainingDivergedException("Training ended with NaN or infinite weights. Lower " + nameof(MultiTaskTrainer.Options.LearningRate) + " or normalize the features.");
            }
        }

        private Dictionary<string, double> ToLosses(double[] sums, double[] counts)
            => _heads.Select((head, task) => (head.Definition.Name, Loss: counts[task] > 0 ? sums[task] / counts[task] : double.NaN))
                .ToDictionary(p => p.Name, p => p.Loss);

        private double WeightedSum(IReadOnlyDictionary<string, double> losses)
            => _heads.Sum(head => double.IsNaN(losses[head.Definition.Name]) ? 0 : head.Definition.LossWeight * losses[head.Definition.Name]);
    }
}
