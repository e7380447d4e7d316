using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.MultiTask.Tuning
{
    /// <summary>Runs trials one at a time: a point from the search method, the base options with its values, Fit, evaluate, keep the best.</summary>
    internal sealed class MultiTaskTuner
    {
        private readonly MLContext _mlContext;
        private readonly MultiTaskTrainer.Options _baseOptions;
        private readonly SearchSpace _space;
        private readonly TuningSettings _settings;
        private readonly IReadOnlyDictionary<string, double> _weights;
        private readonly IChannel _channel;

        public MultiTaskTuner(MLContext mlContext, MultiTaskTrainer.Options baseOptions, SearchSpace space, TuningSettings settings, IChannel channel)
        {
            _mlContext = mlContext;
            _baseOptions = baseOptions;
            _space = space;
            _settings = settings;
            _channel = channel;
            _weights = TuningValidator.Weights(settings, baseOptions.Tasks);
        }

        public TuningResult Run(IDataView train, IDataView validation)
        {
            var strategy = _settings.SearchMethod.Create(_space, _settings.Seed);
            var rule = _settings.PruneUnpromisingTrials ? new MedianStoppingRule(_settings.GracePeriodEpochs) : null;
            var history = new List<SearchObservation>();
            var trials = new List<TrialResult>();
            TrialResult? best = null;
            MultiTaskTrainer.Options? bestOptions = null;
            MultiTaskTransformer? bestModel = null;
            var clock = Stopwatch.StartNew();
            bool cancelled = false;
            for (int number = 1; number <= _settings.MaxTrials; number++)
            {
                var remaining = _settings.TimeBudget - clock.Elapsed;
                // The first trial always runs, however small the budget: a run without a trial answers nothing.
                if ((number > 1 && remaining <= TimeSpan.Zero) || (cancelled = _settings.CancellationToken.IsCancellationRequested))
                {
                    break;
                }
                var point = strategy.Next(history);
                if (point == null)
                {
                    break;
                }
                var values = _space.Select((dimension, k) => KeyValuePair.Create(dimension.Name, dimension.Decode(point[k]))).ToArray();
                var options = TrialOptions(values, validation, remaining);
                var (trial, model, epochs) = RunTrial(number, values, options, train, validation, rule);
                cancelled = trial.Status == TrialStatus.Cancelled;
                if (trial.Status == TrialStatus.Completed)
                {
                    rule?.Record(epochs);
                }
                if (trial.Objective is double objective && (best == null || objective > best.Objective))
                {
                    bestModel?.Dispose();
                    (best, bestOptions, bestModel) = (trial, options, model);
                }
                else
                {
                    model?.Dispose();
                }
                history.Add(new SearchObservation(point, trial.Objective));
                trials.Add(trial);
                _channel.Info(MessageSensitivity.None, trial.ToString());
                _settings.Progress?.Report(trial);
                if (cancelled)
                {
                    break;
                }
            }
            if (bestOptions != null)
            {
                // The caller's settings, not the tuner's wiring.
                bestOptions.Progress = _baseOptions.Progress;
                bestOptions.CancellationToken = _baseOptions.CancellationToken;
                bestOptions.MaxTrainingTime = _baseOptions.MaxTrainingTime;
            }
            return new TuningResult(trials, best, bestOptions, bestModel, cancelled, clock.Elapsed);
        }

        private MultiTaskTrainer.Options TrialOptions(IReadOnlyList<KeyValuePair<string, object>> values, IDataView validation, TimeSpan? remaining)
        {
            var options = _baseOptions.WithTasks(_baseOptions.Tasks);
            for (int k = 0; k < values.Count; k++)
            {
                _space[k].Apply(options, values[k].Value);
            }
            options.ValidationSet = validation;
            options.ValidationFraction = null;
            options.Seed ??= _settings.Seed;
            if (remaining is TimeSpan left && (options.MaxTrainingTime == null || left < options.MaxTrainingTime))
            {
                options.MaxTrainingTime = left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1);
            }
            return options;
        }

        private (TrialResult Trial, MultiTaskTransformer? Model, List<TrainingEpochSummary> Epochs) RunTrial(int number, IReadOnlyList<KeyValuePair<string, object>> values,
            MultiTaskTrainer.Options options, IDataView train, IDataView validation, MedianStoppingRule? rule)
        {
            var clock = Stopwatch.StartNew();
            var epochs = new List<TrainingEpochSummary>();
            bool pruned = false;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(_settings.CancellationToken, _baseOptions.CancellationToken);
            options.CancellationToken = stop.Token;
            options.Progress = new Relay(summary =>
            {
                epochs.Add(summary);
                _baseOptions.Progress?.Report(summary);
                if (rule != null && rule.ShouldStop(epochs))
                {
                    pruned = true;
                    stop.Cancel();
                }
            });
            TrialResult Result(TrialStatus status, double? objective = null, MultiTaskMetrics? metrics = null, string? error = null)
                => new TrialResult(number, values, status, objective, metrics, epochs.Count, clock.Elapsed, error);
            MultiTaskTransformer? model = null;
            try
            {
                model = new MultiTaskTrainer(_mlContext, options).Fit(train);
                var metrics = _mlContext.MultiTask().Evaluate(model.Transform(validation), model);
                double objective = _weights.Sum(w => w.Value * metrics[w.Key].MainFigure.Value) / _weights.Values.Sum();
                if (!double.IsFinite(objective))
                {
                    model.Dispose();
                    return (Result(TrialStatus.Failed, error: "the validation metrics are not finite (a task may have no labelled validation row)"), null, epochs);
                }
                return (Result(TrialStatus.Completed, objective, metrics), model, epochs);
            }
            catch (OperationCanceledException)
            {
                model?.Dispose();
                return (Result(pruned ? TrialStatus.Pruned : TrialStatus.Cancelled), null, epochs);
            }
            catch (Exception e) when (e is InvalidOperationException || e is ArgumentException)
            {
                // A diverged or invalid trial is the search's finding, not the run's failure.
                model?.Dispose();
                return (Result(TrialStatus.Failed, error: e.Message), null, epochs);
            }
        }

        private sealed class Relay : IProgress<TrainingEpochSummary>
        {
            private readonly Action<TrainingEpochSummary> _report;

            public Relay(Action<TrainingEpochSummary> report) => _report = report;

            public void Report(TrainingEpochSummary value) => _report(value);
        }
    }
}
