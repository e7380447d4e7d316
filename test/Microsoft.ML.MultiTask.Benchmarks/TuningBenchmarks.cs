using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using static Microsoft.ML.MultiTask.Benchmarks.BenchmarkReport;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>
    /// Section 13: the default search space tuned on a validation split of the training rows, against the defaults and
    /// LightGBM per task on the test rows; on wine, the three search methods at the same budget.
    /// </summary>
    public sealed class TuningBenchmarks
    {
        private const int Seed = 1;
        private readonly MLContext _ml = new MLContext(seed: 1);
        private readonly BenchmarkSettings _settings;
        private readonly TextWriter _log;
        private readonly AccuracyBenchmarks _accuracy;

        public TuningBenchmarks(BenchmarkSettings settings, TextWriter log)
        {
            _settings = settings;
            _log = log;
            _accuracy = new AccuracyBenchmarks(settings, log);
        }

        public void Report(BenchmarkReport report, IReadOnlyList<(AccuracyDataSet Set, bool AllMethods)> sets)
        {
            report.Heading(BenchmarkReport.Tuning);
            report.Paragraph($"`Tune` with `SearchSpace.Default()` (architecture, learning rate, dropout, weight decay, batch size), {_settings.TuningTrials} trials, " +
                "pruning on; trials train on 80 % of the training rows and are compared on the other 20 % (seed 1); the best trial's model is scored on the test rows. " +
                "Objective: the mean of the tasks' main figures on the validation rows (AUC, R²; higher is better). Test figures: AUC for binary tasks (higher is better), RMSE for regression (lower is better). " +
                "Search time is the whole search; Defaults and LightGBM train once on all the training rows.");
            foreach (var (set, allMethods) in sets)
            {
                var rows = new List<string[]>();
                var split = _ml.Data.TrainTestSplit(set.Train, 0.2, seed: Seed);
                var (defaults, defaultCost) = Measurement.Of(() => _ml.MultiTask().Trainers.MultiTask(Options(set)).Fit(set.Train));
                using (defaults)
                {
                    rows.Add(Row("Defaults (no search)", _accuracy.TestFigures(set, set.Tasks, defaults), null, defaultCost.Elapsed, set));
                }
                var methods = allMethods
                    ? new SearchMethod[] { new TreeParzenSearch(), new RandomSearch(), new GridSearch() }
                    : new SearchMethod[] { new TreeParzenSearch() };
                foreach (var method in methods)
                {
                    _log.WriteLine($"  tuning {set.Name} with {method.GetType().Name}");
                    var (result, cost) = Measurement.Of(() => _ml.MultiTask().Tune(split.TrainSet, split.TestSet, Options(set), settings: new TuningSettings { SearchMethod = method, MaxTrials = _settings.TuningTrials, Seed = Seed }));
                    using (result)
                    {
                        int pruned = result.Trials.Count(t => t.Status == TrialStatus.Pruned);
                        string name = $"{method.GetType().Name}: {result.Trials.Count} trials ({pruned} pruned); best {Describe(result.BestTrial!)}";
                        rows.Add(Row(name, _accuracy.TestFigures(set, set.Tasks, result.BestModel!), result.BestTrial!.Objective, cost.Elapsed, set));
                    }
                }
                var trees = set.Tasks.Select(task => _accuracy.TreeFigure(set, task, lightGbm: true)).ToList();
                rows.Add(Row("LightGBM, one per task", trees.Select(t => t.Figure).ToArray(), null, TimeSpan.FromSeconds(trees.Sum(t => t.Seconds)), set));
                report.Paragraph($"**{set.Name}**");
                report.Table(new[] { "Model" }.Concat(set.Tasks.Select(t => $"{t.Column} ({t.Metric})")).Concat(new[] { "Validation objective", "Time" }).ToArray(), rows);
            }
        }

        private MultiTaskTrainer.Options Options(AccuracyDataSet set) => _settings.DefaultNetwork(Seed, set.Tasks.Select(t => t.Definition()).ToArray());

        private static string[] Row(string name, double[] figures, double? objective, TimeSpan elapsed, AccuracyDataSet set)
            => new[] { name }.Concat(figures.Select(f => F(f))).Concat(new[] { objective is double o ? F(o) : "–", Seconds(elapsed) }).ToArray();

        private static string Describe(TrialResult trial) => string.Join(", ", trial.Parameters.Select(p => p.Key switch
        {
            "Architecture" => p.Value.GetType().Name,
            _ => $"{p.Key} {(p.Value is double d ? F(d, "G3") : TrialResult.Format(p.Value))}",
        }));
    }
}
