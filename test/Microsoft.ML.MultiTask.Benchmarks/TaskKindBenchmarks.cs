using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using static Microsoft.ML.MultiTask.Benchmarks.BenchmarkReport;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>
    /// The task kinds beyond the four basic ones. Ordered classes: wine quality (3–9) as an ordinal task, a multiclass task
    /// and a regression (rounded to the nearest class), each beside the wine's colour as a second task, with LightGBM per
    /// column beside them; then ranking (<see cref="RankingBenchmarks"/>) and grouped regression (<see cref="GroupedBenchmarks"/>).
    /// </summary>
    public sealed class TaskKindBenchmarks
    {
        private readonly MLContext _ml = new MLContext(seed: 1);
        private readonly BenchmarkSettings _settings;
        private readonly TextWriter _log;

        public TaskKindBenchmarks(BenchmarkSettings settings, TextWriter log)
        {
            _settings = settings;
            _log = log;
        }

        public void Report(BenchmarkReport report)
        {
            report.Heading(TaskKinds);
            var wine = AccuracyDataSets.Wine(_ml, _settings.DataFolder);
            var truth = wine.Test.GetColumn<float>("Quality").ToArray();
            var seen = wine.Train.GetColumn<float>("Quality").ToArray();
            var kinds = new (string Name, Func<TaskDefinition> Create)[]
            {
                ("ordinal", () => TaskDefinition.Ordinal("Quality")),
                ("multiclass", () => TaskDefinition.Multiclass("Quality")),
                ("regression, rounded", () => TaskDefinition.Regression("Quality")),
            };
            var rows = new List<string[]>();
            foreach (var (name, create) in kinds)
            {
                _log.WriteLine($"task kinds: wine quality as {name}");
                var fits = _settings.Seeds.Select(seed => FitNetwork(wine, create(), seed, truth, seen)).ToList();
                rows.Add(new[]
                {
                    $"Multi-task net, quality as {name}", MeanSpread(fits.Select(f => f.Accuracy).ToList()), MeanSpread(fits.Select(f => f.RankError).ToList()),
                    MeanSpread(fits.Select(f => f.RedAuc).ToList()), F(fits.Average(f => f.Seconds), "0.0") + " s",
                });
            }
            _log.WriteLine("task kinds: LightGBM");
            var classes = _ml.Transforms.Conversion.MapValueToKey("Label", "Quality").Append(_ml.MulticlassClassification.Trainers.LightGbm())
                .Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedQuality", "PredictedLabel")).Fit(wine.Train).Transform(wine.Test);
            rows.Add(TreeRow("LightGBM multiclass", classes.GetColumn<float>("PredictedQuality").ToArray(), truth));
            var regression = _ml.Regression.Trainers.LightGbm(labelColumnName: "Quality").Fit(wine.Train).Transform(wine.Test);
            rows.Add(TreeRow("LightGBM regression, rounded", Rounded(regression.GetColumn<float>("Score"), seen), truth));
            report.Paragraph($"**Wine quality as ordered classes** — {wine.Description}; quality (3–9) with the wine's colour (red) as a second task. " +
                $"The nets have the library's defaults; seeds {string.Join(", ", _settings.Seeds)} (mean ± standard deviation). Accuracy: the predicted class is the true one. " +
                "Rank MAE: the mean distance in classes between predicted and true quality. A regression's score is rounded to the nearest quality seen in training.");
            report.Table(new[] { "Model", "Quality accuracy", "Quality rank MAE", "Red AUC", "Fit time" }, rows);
            new RankingBenchmarks(_settings, _log).Report(report);
            new GroupedBenchmarks(_settings, _log).Report(report);
        }

        private (double Accuracy, double RankError, double RedAuc, double Seconds) FitNetwork(AccuracyDataSet wine, TaskDefinition quality, int seed, float[] truth, float[] seen)
        {
            var options = _settings.DefaultNetwork(seed, quality, TaskDefinition.Binary("Red"));
            var (model, cost) = Measurement.Of(() => _ml.MultiTask().Trainers.MultiTask(options).Fit(wine.Train));
            using (model)
            {
                var scored = model.Transform(wine.Test);
                var predicted = quality.Kind == TaskKind.Regression
                    ? Rounded(scored.GetColumn<float>("Quality.Score"), seen)
                    : scored.GetColumn<uint>("Quality.PredictedLabel").Select(key => float.Parse(model.ClassNames["Quality"][(int)key - 1], CultureInfo.InvariantCulture)).ToArray();
                double auc = _ml.MultiTask().Evaluate(scored, model)["Red"].Binary!.AreaUnderRocCurve;
                return (Accuracy(predicted, truth), RankError(predicted, truth), auc, cost.Elapsed.TotalSeconds);
            }
        }

        private static string[] TreeRow(string name, float[] predicted, float[] truth)
            => new[] { name, F(Accuracy(predicted, truth)), F(RankError(predicted, truth)), "—", "—" };

        /// <summary>Scores rounded to the nearest whole quality, within the qualities that occur.</summary>
        private static float[] Rounded(IEnumerable<float> scores, float[] seen)
            => scores.Select(s => Math.Clamp(MathF.Round(s), seen.Min(), seen.Max())).ToArray();

        private static double Accuracy(float[] predicted, float[] truth) => predicted.Zip(truth, (p, t) => p == t ? 1.0 : 0.0).Average();

        /// <summary>Qualities are consecutive whole numbers, so the distance in classes is the difference.</summary>
        private static double RankError(float[] predicted, float[] truth) => predicted.Zip(truth, (p, t) => (double)Math.Abs(p - t)).Average();
    }
}
