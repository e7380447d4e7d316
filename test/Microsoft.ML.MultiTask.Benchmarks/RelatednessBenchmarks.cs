using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.MultiTask.Samples;
using static Microsoft.ML.MultiTask.Benchmarks.BenchmarkReport;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>Task relatedness: does the report order the MMoE synthetic correlations, and what does it cost on census.</summary>
    public static class RelatednessBenchmarks
    {
        private static readonly double[] Correlations = { 0.5, 0.9, 1.0 };

        /// <summary>Measured steps: every tenth, the cheap setting.</summary>
        private const int StepInterval = 10;

        public static void Synthetic(BenchmarkReport report, BenchmarkSettings settings, TextWriter log)
        {
            var ml = new MLContext(seed: 1);
            var cosine = Correlations.ToDictionary(p => p, _ => new List<double>());
            var affinity = Correlations.ToDictionary(p => p, _ => new List<double>());
            foreach (double p in Correlations)
            {
                foreach (int seed in settings.SyntheticSeeds)
                {
                    log.WriteLine($"relatedness: synthetic p {p}, seed {seed}");
                    var rows = SyntheticTaskCorrelation.Generate(p, settings.SyntheticRows, seed);
                    var options = new MultiTaskTrainer.Options { FeatureEncoding = null, HeadLayers = new[] { 8 }, Dropout = 0, WeightDecay = 0, MaxEpochs = settings.SyntheticEpochs, Seed = seed };
                    options.Tasks.Add(TaskDefinition.Regression("Y1"));
                    options.Tasks.Add(TaskDefinition.Regression("Y2"));
                    var result = ml.MultiTask().AnalyzeTasks(ml.Data.LoadFromEnumerable(rows), new TaskRelatednessOptions { TrainerOptions = options, LabelAssociation = false, StepInterval = StepInterval });
                    cosine[p].Add(result.GradientCosine!["Y1", "Y2"]!.Value);
                    affinity[p].Add((result.Affinity!["Y1", "Y2"]!.Value + result.Affinity["Y2", "Y1"]!.Value) / 2);
                }
            }
            bool Ordered(Dictionary<double, List<double>> values) => Correlations.Zip(Correlations.Skip(1)).All(pair => values[pair.First].Average() < values[pair.Second].Average());
            report.Paragraph($"The MMoE synthetic tasks of section 6 ({settings.SyntheticRows:N0} rows per seed, seeds {string.Join(", ", settings.SyntheticSeeds)}), shared [128, 64], heads [8], no feature encoding, {settings.SyntheticEpochs} epochs, " +
                $"`AnalyzeTasks` measuring every {StepInterval}th step. Gradient cosine of Y1 and Y2 on the shared parameters, and their lookahead affinity (mean of both directions), mean ± sd over the seeds:");
            report.Table(new[] { "Measure" }.Concat(Correlations.Select(p => $"p = {F(p, "0.0")}")).Append("Ordered by p").ToArray(), new[]
            {
                new[] { "Gradient cosine" }.Concat(Correlations.Select(p => MeanSpread(cosine[p], "0.000"))).Append(Ordered(cosine) ? "yes" : "**no**").ToArray(),
                new[] { "Lookahead affinity" }.Concat(Correlations.Select(p => MeanSpread(affinity[p], "0.0000"))).Append(Ordered(affinity) ? "yes" : "**no**").ToArray(),
            });
        }

        public static void CensusCost(BenchmarkReport report, CensusBenchmarks census, BenchmarkSettings settings, TextWriter log)
        {
            var ml = census.Context;
            var options = census.Options(settings.Seeds[0], CensusData.Tasks);
            log.WriteLine("relatedness: census fit");
            var (_, fit) = Measurement.Of(() =>
            {
                ml.MultiTask().Trainers.MultiTask(options).Fit(census.Train).Dispose();
                return 0;
            });
            var rows = new List<string[]> { new[] { "One Fit", Seconds(fit.Elapsed), "1.00" } };
            foreach (int interval in new[] { 1, StepInterval })
            {
                log.WriteLine($"relatedness: census report, every {interval} steps");
                var (_, cost) = Measurement.Of(() => ml.MultiTask().AnalyzeTasks(census.Train, new TaskRelatednessOptions { TrainerOptions = options, StepInterval = interval }));
                rows.Add(new[] { $"AnalyzeTasks (association, cosine, affinity, groupings), every {(interval == 1 ? "step" : $"{interval}th step")}", Seconds(cost.Elapsed), F(cost.Elapsed / fit.Elapsed, "0.00") });
            }
            report.Paragraph($"Census-income, the two tasks of section 1 ({census.TrainRows} rows, {settings.CensusEpochs} epochs): the report's cost against one Fit with the same options.");
            report.Table(new[] { "Run", "Time", "× one Fit" }, rows);
        }
    }
}
