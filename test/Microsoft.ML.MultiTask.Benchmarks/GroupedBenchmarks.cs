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
    /// 100 related regression groups (a shared non-linear part, a group offset and a group slope): a grouped task against one
    /// model per group and one pooled model, the pooled ones seeing the group one-hot encoded.
    /// </summary>
    public sealed class GroupedBenchmarks
    {
        private const int Groups = 100;
        private const int TrainRowsPerGroup = 30;
        private const int TestRowsPerGroup = 10;

        private readonly MLContext _ml = new MLContext(seed: 1);
        private readonly BenchmarkSettings _settings;
        private readonly TextWriter _log;

        public GroupedBenchmarks(BenchmarkSettings settings, TextWriter log)
        {
            _settings = settings;
            _log = log;
        }

        public sealed class GroupRow
        {
            [VectorType(5)]
            public float[] X { get; set; } = Array.Empty<float>();

            public string Group { get; set; } = string.Empty;

            public float Y { get; set; }
        }

        /// <summary>y = 2·sin(x0) + x1·x2 + offset_g + slope_g·x3 + noise; the first rows of each group train, the rest test.</summary>
        public static (List<GroupRow> Train, List<GroupRow> Test) Rows(int seed)
        {
            var random = new Random(seed);
            var offsets = Enumerable.Range(0, Groups).Select(_ => 2 * random.NextNormalSingle()).ToArray();
            var slopes = Enumerable.Range(0, Groups).Select(_ => random.NextNormalSingle()).ToArray();
            var train = new List<GroupRow>();
            var test = new List<GroupRow>();
            for (int g = 0; g < Groups; g++)
            {
                for (int i = 0; i < TrainRowsPerGroup + TestRowsPerGroup; i++)
                {
                    var x = Enumerable.Range(0, 5).Select(_ => random.NextNormalSingle()).ToArray();
                    var row = new GroupRow { X = x, Group = "g" + g, Y = (2 * MathF.Sin(x[0])) + (x[1] * x[2]) + offsets[g] + (slopes[g] * x[3]) + (0.3f * random.NextNormalSingle()) };
                    (i < TrainRowsPerGroup ? train : test).Add(row);
                }
            }
            return (train, test);
        }

        public void Report(BenchmarkReport report)
        {
            var (trainRows, testRows) = Rows(seed: 21);
            var train = _ml.Data.LoadFromEnumerable(trainRows);
            var test = _ml.Data.LoadFromEnumerable(testRows);
            // The group one-hot encoded in place (slots Group.g0, ...), its name kept for the per-group models.
            var featurizer = _ml.Transforms.CopyColumns("GroupName", nameof(GroupRow.Group)).Append(_ml.Transforms.Categorical.OneHotEncoding(nameof(GroupRow.Group)))
                .Append(_ml.Transforms.Concatenate("Features", nameof(GroupRow.X), nameof(GroupRow.Group))).Fit(train);
            var featurizedTrain = _ml.Data.Cache(featurizer.Transform(train));
            var featurizedTest = _ml.Data.Cache(featurizer.Transform(test));
            var truth = testRows.Select(r => r.Y).ToArray();
            var rows = new List<string[]>();
            foreach (var (name, create) in new (string, Func<TaskDefinition>)[]
            {
                ("Grouped task (an output per group)", () => TaskDefinition.GroupedRegression("Y", nameof(GroupRow.Group))),
                ("Pooled net (one regression task)", () => TaskDefinition.Regression("Y")),
            })
            {
                _log.WriteLine($"task kinds: {name}");
                var fits = _settings.Seeds.Select(seed =>
                {
                    var options = _settings.DefaultNetwork(seed, create());
                    var (model, cost) = Measurement.Of(() => _ml.MultiTask().Trainers.MultiTask(options).Fit(featurizedTrain));
                    using (model)
                    {
                        return (Rmse: Rmse(model.Transform(featurizedTest).GetColumn<float>("Y.Score").ToArray(), truth), cost.Elapsed.TotalSeconds);
                    }
                }).ToList();
                rows.Add(new[] { name, MeanSpread(fits.Select(f => f.Rmse).ToList()), F(fits.Average(f => f.TotalSeconds), "0.0") + " s" });
            }
            _log.WriteLine("task kinds: LightGBM pooled and per group");
            var (pooled, pooledCost) = Measurement.Of(() => _ml.Regression.Trainers.LightGbm(labelColumnName: nameof(GroupRow.Y)).Fit(featurizedTrain));
            rows.Add(new[] { "Pooled LightGBM (group one-hot)", F(Rmse(pooled.Transform(featurizedTest).GetColumn<float>("Score").ToArray(), truth)), F(pooledCost.Elapsed.TotalSeconds, "0.0") + " s" });
            foreach (var (name, perGroup) in new (string, Func<IEstimator<ITransformer>>)[]
            {
                ("One LightGBM per group", () => _ml.Regression.Trainers.LightGbm(labelColumnName: nameof(GroupRow.Y), featureColumnName: nameof(GroupRow.X))),
                ("One linear model per group (SDCA)", () => _ml.Transforms.NormalizeMeanVariance(nameof(GroupRow.X))
                    .Append(_ml.Regression.Trainers.Sdca(labelColumnName: nameof(GroupRow.Y), featureColumnName: nameof(GroupRow.X)))),
            })
            {
                var predicted = new float[testRows.Count];
                var clock = System.Diagnostics.Stopwatch.StartNew();
                for (int g = 0; g < Groups; g++)
                {
                    string group = "g" + g;
                    var model = perGroup().Fit(_ml.Data.LoadFromEnumerable(trainRows.Where(r => r.Group == group)));
                    var indices = testRows.Select((r, i) => (r, i)).Where(p => p.r.Group == group).Select(p => p.i).ToArray();
                    var scores = model.Transform(_ml.Data.LoadFromEnumerable(indices.Select(i => testRows[i]))).GetColumn<float>("Score").ToArray();
                    for (int k = 0; k < indices.Length; k++)
                    {
                        predicted[indices[k]] = scores[k];
                    }
                }
                rows.Add(new[] { name, F(Rmse(predicted, truth)), F(clock.Elapsed.TotalSeconds, "0.0") + " s" });
            }
            report.Paragraph($"**Grouped regression** — synthetic: {Groups} related groups of {TrainRowsPerGroup} training and {TestRowsPerGroup} test rows; y = 2·sin(x0) + x1·x2 (shared) + a group offset + a group slope on x3 + noise (σ 0.3). " +
                $"Test RMSE over all rows; the nets have the library's defaults, seeds {string.Join(", ", _settings.Seeds)} (mean ± standard deviation), and see the group one-hot encoded.");
            report.Table(new[] { "Model", "Test RMSE", "Fit time" }, rows);
        }

        private static double Rmse(float[] predicted, float[] truth) => Math.Sqrt(predicted.Zip(truth, (p, t) => (double)(p - t) * (p - t)).Average());
    }
}
