using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using static Microsoft.ML.MultiTask.Benchmarks.BenchmarkReport;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>
    /// The accuracy goal: on every tabular data set, the multi-task net with the library's defaults (only the tasks set)
    /// against one LightGBM per task, with each feature encoding × ensembling, single-task nets and FastTree beside them.
    /// </summary>
    public sealed class AccuracyBenchmarks
    {
        private readonly MLContext _ml = new MLContext(seed: 1);
        private readonly BenchmarkSettings _settings;
        private readonly TextWriter _log;

        public AccuracyBenchmarks(BenchmarkSettings settings, TextWriter log)
        {
            _settings = settings;
            _log = log;
        }

        /// <summary>The encodings compared (null: none).</summary>
        public static IReadOnlyList<(string Name, Func<FeatureEncoding?> Create)> Encodings { get; } = new (string, Func<FeatureEncoding?>)[]
        {
            ("none", () => null),
            ("piecewise-linear", () => new PiecewiseLinearEncoding()),
            ("periodic", () => new PeriodicEncoding()),
            ("robust", () => new RobustScaling()),
        };

        /// <summary>Ensemble sizes compared: off and TabM's lower end (with 8 members, only without an encoding and with the piecewise-linear one: the others cost hours on wide data).</summary>
        public static IReadOnlyList<int> EnsembleSizes { get; } = new[] { 1, 8 };

        private static bool InGrid(string encoding, int members) => members == 1 || encoding == "none" || encoding == "piecewise-linear";

        /// <summary>A configuration's figures: per seed, per task; and the mean fit time.</summary>
        private sealed record Result(string Name, bool IsDefault, double[][] Figures, double Seconds);

        public void Report(BenchmarkReport report, IReadOnlyList<AccuracyDataSet> sets)
        {
            report.Heading(AccuracyGoal);
            var defaults = new MultiTaskTrainer.Options();
            report.Paragraph($"Every network here has the library's defaults but the option named in its row: {Describe(defaults)}. " +
                $"The row marked (defaults): seeds {string.Join(", ", _settings.Seeds)} (mean ± standard deviation); the other configurations and the single-task nets (one per task, with the defaults): seed {_settings.Seeds[0]} only. Trees: ML.NET's defaults, one model per task, trained on the rows labelled for it. " +
                "Figures: AUC for binary tasks and micro-accuracy for multiclass ones (higher is better), RMSE for regression (lower is better). " +
                "The row marked (defaults) is what a user who sets only the tasks gets.");
            var goals = new List<string[]>();
            foreach (var set in sets)
            {
                var results = Run(set);
                report.Paragraph($"**{set.Name}** — {set.Description}.");
                // Each data set's table goes to the log as soon as it is measured, so a long run shows results early.
                _log.WriteLine(string.Join(Environment.NewLine, results.Select(r => $"  {r.Name}: " + string.Join(", ", set.Tasks.Select((t, task) => $"{t.Column} {F(r.Figures.Average(seed => seed[task]))}")) + $", {F(r.Seconds, "0.0")} s")));
                report.Table(new[] { "Model" }.Concat(set.Tasks.Select(t => $"{t.Column} ({t.Metric})")).Append("Fit time").ToArray(), results.Select(r =>
                    new[] { r.IsDefault ? $"**{r.Name} (defaults)**" : r.Name }
                        .Concat(set.Tasks.Select((_, task) => MeanSpread(r.Figures.Select(seed => seed[task]).ToList())))
                        .Append(F(r.Seconds, "0.0") + " s").ToArray()));
                goals.AddRange(Goals(set, results));
            }
            report.Paragraph("The goal per task: the multi-task net with the defaults at least LightGBM's figure, or within 0.005 AUC (2% of the accuracy or RMSE). " +
                "\"Best net\" is the best of the configurations above.");
            report.Table(new[] { "Data set", "Task", "Multi-task net (defaults)", "Best net", "LightGBM", "Defaults − LightGBM", "Goal" }, goals);
        }

        private static string Describe(MultiTaskTrainer.Options o)
            => $"architecture {o.Architecture}, heads [{string.Join(", ", o.HeadLayers)}], {o.Activation}, dropout {o.Dropout}, learning rate {o.LearningRate}, " +
               $"schedule {o.LearningRateSchedule}, weight decay {o.WeightDecay}, feature encoding {o.FeatureEncoding?.ToString() ?? "none"}, ensemble size {o.EnsembleSize}, " +
               "batch size and epochs chosen from the row count, " +
               (o.ValidationFraction is double fraction ? $"validation fraction {fraction}" : $"{MultiTaskTrainer.Options.AutomaticValidationFraction:P0} of the training rows held out for early stopping (the automatic validation fraction)") +
               $" with patience {o.EarlyStoppingPatience}";

        private List<Result> Run(AccuracyDataSet set)
        {
            var defaults = new MultiTaskTrainer.Options();
            var results = new List<Result>();
            foreach (var (encoding, create) in Encodings)
            {
                foreach (int members in EnsembleSizes.Where(k => InGrid(encoding, k)))
                {
                    _log.WriteLine($"accuracy: {set.Name}, {encoding}, k = {members}");
                    bool isDefault = OptionDescriptionEquals(create(), defaults.FeatureEncoding) && members == defaults.EnsembleSize;
                    // Every seed for the defaults (the goal's row); the first seed for the other configurations (they cost hours otherwise).
                    var seeds = isDefault ? _settings.Seeds : _settings.Seeds.Take(1).ToArray();
                    var fits = seeds.Select(seed => FitNetwork(set, set.Tasks, seed, create(), members)).ToList();
                    results.Add(new Result($"Multi-task net, {encoding}, k = {members}", isDefault, fits.Select(f => f.Figures).ToArray(), fits.Average(f => f.Seconds)));
                }
            }
            // The evidence for early stopping by default: the defaults but every row trained for the automatic epoch count.
            _log.WriteLine($"accuracy: {set.Name}, no early stopping");
            var everyRow = FitNetwork(set, set.Tasks, _settings.Seeds[0], defaults.FeatureEncoding, defaults.EnsembleSize, validationFraction: 0);
            results.Add(new Result("Multi-task net, piecewise-linear, k = 1, no early stopping (every row, the automatic epochs)", false, new[] { everyRow.Figures }, everyRow.Seconds));
            _log.WriteLine($"accuracy: {set.Name}, single-task nets");
            var single = _settings.Seeds.Take(1).Select(seed =>
            {
                var perTask = set.Tasks.Select(task => FitNetwork(set, new[] { task }, seed, defaults.FeatureEncoding, defaults.EnsembleSize)).ToList();
                return (Figures: perTask.Select(f => f.Figures[0]).ToArray(), Seconds: perTask.Sum(f => f.Seconds));
            }).ToList();
            results.Add(new Result("Single-task nets (defaults, one per task)", false, single.Select(s => s.Figures).ToArray(), single.Average(s => s.Seconds)));
            foreach (bool lightGbm in new[] { true, false })
            {
                _log.WriteLine($"accuracy: {set.Name}, {(lightGbm ? "LightGBM" : "FastTree")}");
                var trees = set.Tasks.Select(task => TreeFigure(set, task, lightGbm)).ToList();
                results.Add(new Result(lightGbm ? "LightGBM, one per task" : "FastTree, one per task", false, new[] { trees.Select(t => t.Figure).ToArray() }, trees.Sum(t => t.Seconds)));
            }
            return results;
        }

        private static bool OptionDescriptionEquals(FeatureEncoding? a, FeatureEncoding? b) => (a?.ToString() ?? "none") == (b?.ToString() ?? "none");

        private IEnumerable<string[]> Goals(AccuracyDataSet set, List<Result> results)
        {
            var lightGbm = results.Single(r => r.Name.StartsWith("LightGBM", StringComparison.Ordinal));
            var defaults = results.SingleOrDefault(r => r.IsDefault);
            var nets = results.Where(r => r.Name.StartsWith("Multi-task", StringComparison.Ordinal)).ToList();
            for (int task = 0; task < set.Tasks.Count; task++)
            {
                var t = set.Tasks[task];
                double Mean(Result r) => r.Figures.Average(seed => seed[task]);
                double trees = lightGbm.Figures[0][task];
                var best = t.HigherIsBetter ? nets.MaxBy(Mean)! : nets.MinBy(Mean)!;
                double? net = defaults == null ? null : Mean(defaults);
                bool met = net is double value && (t.Kind switch
                {
                    AccuracyTaskKind.Binary => value >= trees - 0.005,
                    AccuracyTaskKind.Multiclass => value >= trees * 0.98,
                    _ => value <= trees * 1.02,
                });
                yield return new[]
                {
                    set.Name, $"{t.Column} ({t.Metric})", net is double n ? F(n) : "—", $"{F(Mean(best))} ({best.Name.Replace("Multi-task net, ", string.Empty, StringComparison.Ordinal)})",
                    F(trees), net is double d ? F(d - trees, "+0.0000;-0.0000") : "—", met ? "met" : "**not met**",
                };
            }
        }

        /// <summary>Test figures per task of a network trained with the defaults but the tasks, seed, encoding and ensemble size.</summary>
        private (double[] Figures, double Seconds) FitNetwork(AccuracyDataSet set, IReadOnlyList<AccuracyTask> tasks, int seed, FeatureEncoding? encoding, int members, double? validationFraction = null)
        {
            var options = _settings.DefaultNetwork(seed, tasks.Select(t => t.Definition()).ToArray());
            (options.FeatureEncoding, options.EnsembleSize, options.ValidationFraction) = (encoding, members, validationFraction);
            var (model, cost) = Measurement.Of(() => _ml.MultiTask().Trainers.MultiTask(options).Fit(set.Train));
            using (model)
            {
                return (TestFigures(set, tasks, model), cost.Elapsed.TotalSeconds);
            }
        }

        /// <summary>A fitted model's test figure per task: AUC, micro-accuracy or RMSE.</summary>
        public double[] TestFigures(AccuracyDataSet set, IReadOnlyList<AccuracyTask> tasks, MultiTaskTransformer model)
        {
            var metrics = _ml.MultiTask().Evaluate(model.Transform(set.Test), model);
            return tasks.Select(t => t.Kind switch
            {
                AccuracyTaskKind.Binary => metrics[t.Column].Binary!.AreaUnderRocCurve,
                AccuracyTaskKind.Multiclass => metrics[t.Column].Multiclass!.MicroAccuracy,
                _ => metrics[t.Column].Regression!.RootMeanSquaredError,
            }).ToArray();
        }

        /// <summary>One tree ensemble on the rows labelled for <paramref name="task"/>, and its test figure.</summary>
        public (double Figure, double Seconds) TreeFigure(AccuracyDataSet set, AccuracyTask task, bool lightGbm)
        {
            // Only floating-point labels can be missing (NaN); text classes and Boolean labels are always present.
            bool canBeMissing = set.Train.Schema[task.Column].Type == NumberDataViewType.Single;
            var train = canBeMissing ? _ml.Data.FilterRowsByMissingValues(set.Train, task.Column) : set.Train;
            var test = canBeMissing ? _ml.Data.FilterRowsByMissingValues(set.Test, task.Column) : set.Test;
            IEstimator<ITransformer> pipeline = task.Kind switch
            {
                AccuracyTaskKind.Binary => (canBeMissing ? (IEstimator<ITransformer>)_ml.Transforms.Expression("Label", "x => x > 0.5", task.Column) : _ml.Transforms.CopyColumns("Label", task.Column))
                    .Append(lightGbm ? (IEstimator<ITransformer>)_ml.BinaryClassification.Trainers.LightGbm() : _ml.BinaryClassification.Trainers.FastTree()),
                AccuracyTaskKind.Multiclass => _ml.Transforms.Conversion.MapValueToKey("Label", task.Column)
                    .Append(lightGbm ? (IEstimator<ITransformer>)_ml.MulticlassClassification.Trainers.LightGbm() : _ml.MulticlassClassification.Trainers.OneVersusAll(_ml.BinaryClassification.Trainers.FastTree())),
                _ => lightGbm ? _ml.Regression.Trainers.LightGbm(labelColumnName: task.Column) : _ml.Regression.Trainers.FastTree(labelColumnName: task.Column),
            };
            var (model, cost) = Measurement.Of(() => pipeline.Fit(train));
            var scored = model.Transform(test);
            double figure = task.Kind switch
            {
                AccuracyTaskKind.Binary => _ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve,
                AccuracyTaskKind.Multiclass => _ml.MulticlassClassification.Evaluate(scored).MicroAccuracy,
                _ => _ml.Regression.Evaluate(scored, labelColumnName: task.Column).RootMeanSquaredError,
            };
            return (figure, cost.Elapsed.TotalSeconds);
        }
    }
}
