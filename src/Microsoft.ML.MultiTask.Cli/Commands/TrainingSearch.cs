using System;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Cli.Commands
{
    /// <summary><c>train --trials N</c>: featurize once, tune on a validation split of the training rows, keep the best trial's model.</summary>
    internal static class TrainingSearch
    {
        public static (TransformerChain<MultiTaskTransformer> Model, MultiTaskTrainer.Options Options) Fit(MLContext mlContext, IEstimator<ITransformer> featurizer,
            IDataView train, MultiTaskTrainer.Options options, TrainSettings settings, string? groupColumn, int trials)
        {
            var featurizing = featurizer.Fit(train);
            var featurized = featurizing.Transform(train);
            var split = mlContext.Data.TrainTestSplit(featurized, settings.ValidationFraction is double v && v > 0 ? v : 0.2, samplingKeyColumnName: groupColumn, seed: settings.Seed);
            var space = SearchSpace.Default();
            if (settings.Architecture != null)
            {
                // The user chose the architecture: search the rest.
                var rest = new SearchSpace();
                foreach (var dimension in space.Where(d => d.Name != "Architecture"))
                {
                    rest.Add(dimension);
                }
                space = rest;
            }
            var budget = options.MaxTrainingTime;
            options.MaxTrainingTime = null;
            CommandRunner.Line($"Searching {trials} trials{(budget is TimeSpan b ? $" within {b.TotalSeconds:0} s" : string.Empty)}:");
            CommandRunner.Line(space.ToString());
            var result = mlContext.MultiTask().Tune(split.TrainSet, split.TestSet, options, space, new TuningSettings
            {
                MaxTrials = trials,
                TimeBudget = budget,
                Seed = settings.Seed,
                Progress = new Relay(trial => CommandRunner.Line(trial.ToString())),
            });
            CommandRunner.Line(string.Empty);
            CommandRunner.Line(result.ToString());
            if (result.BestModel == null)
            {
                throw new InvalidOperationException($"No trial of {result.Trials.Count} completed: {string.Join("; ", result.Trials.Select(t => $"trial {t.Number} {t.Status}{(t.Error == null ? string.Empty : ": " + t.Error)}"))}.");
            }
            return (featurizing.Append(result.BestModel), result.BestOptions!);
        }

        private sealed class Relay : IProgress<TrialResult>
        {
            private readonly Action<TrialResult> _report;

            public Relay(Action<TrialResult> report) => _report = report;

            public void Report(TrialResult value) => _report(value);
        }
    }
}
