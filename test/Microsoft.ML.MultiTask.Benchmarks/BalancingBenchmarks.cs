using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Samples;
using static Microsoft.ML.MultiTask.Benchmarks.BenchmarkReport;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>Section 7: loss balancing, gradient methods, training strategies and per-task early stopping.</summary>
    public static class BalancingBenchmarks
    {
        /// <summary>Every balancing method and gradient method, as (name, balancing, aggregation).</summary>
        private static IReadOnlyList<(string Name, Func<LossBalancing> Balancing, Func<GradientAggregation?> Aggregation)> Methods => new (string, Func<LossBalancing>, Func<GradientAggregation?>)[]
        {
            ("Fixed weights", () => new FixedLossWeights(), () => null),
            ("Uncertainty", () => new UncertaintyWeighting(), () => null),
            ("DWA", () => new DynamicWeightAverage(), () => null),
            ("RLW", () => new RandomLossWeighting(), () => null),
            ("GradNorm", () => new GradNorm(), () => null),
            ("PCGrad", () => new FixedLossWeights(), () => new PCGrad()),
            ("MGDA", () => new FixedLossWeights(), () => new MinNormGradient()),
            ("CAGrad", () => new FixedLossWeights(), () => new CAGrad()),
            ("IMTL-G", () => new FixedLossWeights(), () => new ImpartialGradient()),
        };

        public static void Census(BenchmarkReport report, CensusBenchmarks census, BenchmarkSettings settings, TextWriter log)
        {
            var tasks = CensusData.Tasks;
            foreach (var (architecture, create) in new (string, Func<MultiTaskArchitecture>)[] { ("hard sharing [128, 64]", () => new HardSharing()), ("MMoE 8 × [64]", () => new MixtureOfExperts()) })
            {
                var rows = new List<string[]>();
                double baseline = 0;
                foreach (var (name, balancing, aggregation) in Methods)
                {
                    var fits = settings.Seeds.Select(seed =>
                    {
                        log.WriteLine($"balancing: census, {architecture}, {name}, seed {seed}");
                        var options = census.Options(seed, tasks);
                        (options.Architecture, options.LossBalancing, options.GradientAggregation) = (create(), balancing(), aggregation());
                        var fit = census.FitNetwork(options);
                        fit.Model.Dispose();
                        return fit;
                    }).ToList();
                    double seconds = fits.Average(f => f.Cost.Elapsed.TotalSeconds);
                    baseline = name == Methods[0].Name ? seconds : baseline;
                    rows.Add(new[] { name }.Concat(tasks.Select(t => MeanSpread(fits.Select(f => f.Auc[t]).ToList()))).Concat(new[] { F(seconds, "0.0") + " s", F(seconds / baseline, "0.00") + "×" }).ToArray());
                }
                report.Paragraph($"Census-income with {architecture}: test AUC per task (mean ± sd over seeds {string.Join(", ", settings.Seeds)}), mean fit time, and fit time relative to fixed weights (a gradient method runs one extra backward pass per task).");
                report.Table(new[] { "Method" }.Concat(tasks.Select(t => $"{t} AUC")).Concat(new[] { "Fit time", "vs fixed" }).ToArray(), rows);
            }
        }

        /// <summary>Penguins with the body-mass loss weighted 1,000×: which methods keep the sex task from being drowned.</summary>
        public static void LossScale(BenchmarkReport report, PenguinBenchmarks penguins, BenchmarkSettings settings, TextWriter log)
        {
            var alone = settings.Seeds.Select(seed => penguins.FitNetwork(penguins.Options(seed, TaskDefinition.Binary("Sex", nameof(Penguin.Sex)))).Figures[1]).ToList();
            var rows = new List<string[]>();
            foreach (var (name, balancing, aggregation) in Methods)
            {
                log.WriteLine($"balancing: loss scale, {name}");
                var figures = settings.Seeds.Select(seed =>
                {
                    var options = penguins.Options(seed, TaskDefinition.Binary("Sex", nameof(Penguin.Sex)), TaskDefinition.Regression("BodyMass", nameof(Penguin.BodyMass), lossWeight: 1000));
                    (options.LossBalancing, options.GradientAggregation) = (balancing(), aggregation());
                    return penguins.FitNetwork(options).Figures;
                }).ToList();
                double sex = figures.Average(f => f[1]);
                rows.Add(new[] { name, MeanSpread(figures.Select(f => f[1]).ToList()), F(sex - alone.Average(), "+0.0000;-0.0000"), MeanSpread(figures.Select(f => f[2]).ToList(), "0.0") });
            }
            report.Paragraph($"Loss-scale stress: penguins, Sex (binary) next to BodyMass with loss weight 1,000 (as a regression in raw units would weigh), {settings.PenguinEpochs} epochs, seeds {string.Join(", ", settings.Seeds)}. " +
                $"Sex trained alone reaches test AUC {MeanSpread(alone)}; the difference column is each method's Sex AUC minus that.");
            report.Table(new[] { "Method", "Sex AUC", "vs Sex alone", "BodyMass RMSE (g)" }, rows);
        }

        /// <summary>Strategies on the label-imbalanced case (Income labelled on 5% of rows), and per-task against global early stopping.</summary>
        public static void Strategies(BenchmarkReport report, CensusBenchmarks census, PenguinBenchmarks penguins, BenchmarkSettings settings, TextWriter log)
        {
            var ml = census.Context;
            var sparse = SparseIncome(ml, census.Train, 0.05);
            var test = SparseIncome(ml, census.Test, 1.0);
            int epochs = Math.Max(2, settings.CensusEpochs);
            var strategies = new (string Name, Func<TrainingStrategy> Create)[]
            {
                ("Joint", () => new JointTraining()),
                ("Alternating, round robin", () => new AlternatingTraining()),
                ("Alternating, by labelled rows", () => new AlternatingTraining { Selection = TaskSelection.ProportionalToLabelledRows }),
                ("Progressive (NeverMarried alone for the first quarter)", () => new ProgressiveTraining { Stages = { new TrainingStage(Math.Max(1, epochs / 4), "NeverMarried"), new TrainingStage(1, "NeverMarried", "Income") } }),
            };
            var rows = strategies.Select(strategy =>
            {
                var aucs = settings.Seeds.Select(seed =>
                {
                    log.WriteLine($"strategies: {strategy.Name}, seed {seed}");
                    var options = census.Options(seed, "NeverMarried");
                    options.Tasks.Insert(0, TaskDefinition.Binary("Income", "IncomeSparse"));
                    options.Strategy = strategy.Create();
                    options.MaxEpochs = epochs;
                    using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(sparse);
                    var metrics = ml.MultiTask().Evaluate(model.Transform(test), model);
                    return (Income: metrics["Income"].Binary!.AreaUnderRocCurve, NeverMarried: metrics["NeverMarried"].Binary!.AreaUnderRocCurve);
                }).ToList();
                return new[] { strategy.Name, MeanSpread(aucs.Select(a => a.Income).ToList()), MeanSpread(aucs.Select(a => a.NeverMarried).ToList()) };
            }).ToList();
            report.Paragraph($"Training strategies when one task has few labels: census-income with Income labelled on a seeded 5% of the training rows ({census.TrainRows / 20:N0}) and NeverMarried on all; test AUC on every test row (mean ± sd, seeds {string.Join(", ", settings.Seeds)}).");
            report.Table(new[] { "Strategy", "Income AUC (5% labelled)", "NeverMarried AUC" }, rows);

            var stopping = new List<string[]>();
            foreach (var perTask in new[] { false, true })
            {
                var figures = settings.Seeds.Select(seed =>
                {
                    log.WriteLine($"early stopping: per task {perTask}, seed {seed}");
                    var options = census.Options(seed, CensusData.Tasks);
                    (options.MaxEpochs, options.ValidationSet, options.EarlyStoppingPatience, options.PerTaskEarlyStopping) = (settings.CensusEpochs * 2, census.Validation, 2, perTask);
                    var census_ = census.FitNetwork(options);
                    census_.Model.Dispose();
                    var penguinOptions = penguins.Options(seed, PenguinsData.Tasks());
                    (penguinOptions.ValidationSet, penguinOptions.EarlyStoppingPatience, penguinOptions.PerTaskEarlyStopping) = (penguins.Validation, 10, perTask);
                    var penguin = penguins.FitNetwork(penguinOptions).Figures;
                    return new[] { census_.Auc["Income"], census_.Auc["NeverMarried"], penguin[0], penguin[1], penguin[2] };
                }).ToList();
                stopping.Add(new[] { perTask ? "Per task" : "Global (summed loss)" }.Concat(Enumerable.Range(0, 5).Select(i => MeanSpread(figures.Select(f => f[i]).ToList(), i == 4 ? "0.0" : "0.0000"))).ToArray());
            }
            report.Paragraph($"Per-task against global early stopping (patience 2 on census with up to {settings.CensusEpochs * 2} epochs and the 25% validation split; patience 10 on penguins with a validation third of its training rows); test figures, mean ± sd.");
            report.Table(new[] { "Early stopping", "Census Income AUC", "Census NeverMarried AUC", "Penguin species accuracy", "Penguin sex AUC", "Penguin mass RMSE (g)" }, stopping);
        }

        public sealed class SparseRow
        {
            public float[] Features { get; set; } = Array.Empty<float>();

            public float IncomeSparse { get; set; }

            public bool NeverMarried { get; set; }
        }

        /// <summary>The featurized rows with Income kept on a seeded <paramref name="fraction"/> of them (NaN elsewhere).</summary>
        private static IDataView SparseIncome(MLContext ml, IDataView data, double fraction)
        {
            var random = new Random(7);
            var features = data.GetColumn<float[]>("Features").ToArray();
            var income = data.GetColumn<bool>("Income").ToArray();
            var married = data.GetColumn<bool>("NeverMarried").ToArray();
            var rows = features.Select((f, i) => new SparseRow { Features = f, IncomeSparse = random.NextDouble() < fraction ? (income[i] ? 1 : 0) : float.NaN, NeverMarried = married[i] }).ToList();
            var definition = SchemaDefinition.Create(typeof(SparseRow));
            definition[nameof(SparseRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features[0].Length);
            return ml.Data.Cache(ml.Data.LoadFromEnumerable(rows, definition));
        }
    }
}
