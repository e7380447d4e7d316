using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Samples;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>Penguins: a task of each kind, and the per-row serving latency of one zip against one model per task.</summary>
    public sealed class PenguinBenchmarks
    {
        private readonly MLContext _ml = new MLContext(seed: 1);
        private readonly BenchmarkSettings _settings;
        private readonly IDataView _train;
        private readonly IDataView _test;
        private readonly IEstimator<ITransformer> _featurize;

        public PenguinBenchmarks(BenchmarkSettings settings)
        {
            _settings = settings;
            Rows = PenguinsData.Load(Path.Combine(settings.DataFolder, "penguins", "penguins.csv"));
            var split = _ml.Data.TrainTestSplit(_ml.Data.LoadFromEnumerable(Rows), testFraction: 0.25, seed: 1);
            (_train, _test) = (split.TrainSet, split.TestSet);
            _featurize = PenguinsData.Featurize(_ml);
            var validationSplit = _ml.Data.TrainTestSplit(_train, testFraction: 1.0 / 3, seed: 2);
            (_trainWithoutValidation, Validation) = (validationSplit.TrainSet, _featurize.Fit(validationSplit.TrainSet).Transform(validationSplit.TestSet));
        }

        private readonly IDataView _trainWithoutValidation;

        /// <summary>A featurized third of the training rows, for early stopping; <see cref="FitNetwork"/> then trains on the other two thirds.</summary>
        public IDataView Validation { get; }

        public List<Penguin> Rows { get; }

        public static readonly string[] Tasks = { "Species (micro-accuracy)", "Sex (AUC)", "BodyMass (RMSE, g)" };

        public MultiTaskTrainer.Options Options(int seed, params TaskDefinition[] tasks)
        {
            var options = PenguinsData.TrainerOptions(_settings.PenguinEpochs, seed);
            options.FeatureEncoding = null;
            options.Tasks.Clear();
            foreach (var task in tasks)
            {
                options.Tasks.Add(task);
            }
            return options;
        }

        /// <summary>The three figures (species accuracy, sex AUC, mass RMSE) of a network trained on the given tasks; NaN for tasks it lacks.</summary>
        public (double[] Figures, TransformerChain<MultiTaskTransformer> Model) FitNetwork(MultiTaskTrainer.Options options)
        {
            var model = _featurize.Append(_ml.MultiTask().Trainers.MultiTask(options)).Fit(options.ValidationSet == Validation ? _trainWithoutValidation : _train);
            var metrics = _ml.MultiTask().Evaluate(model.Transform(_test), model.LastTransformer);
            double Figure(string task, Func<TaskMetrics, double> read) => metrics.Tasks.Any(t => t.TaskName == task) ? read(metrics[task]) : double.NaN;
            return (new[]
            {
                Figure("Species", m => m.Multiclass!.MicroAccuracy),
                Figure("Sex", m => m.Binary!.AreaUnderRocCurve),
                Figure("BodyMass", m => m.Regression!.RootMeanSquaredError),
            }, model);
        }

        /// <summary>One tree model per task (LightGBM or FastTree); returns the three figures and the models.</summary>
        public (double[] Figures, ITransformer[] Models) FitTrees(bool lightGbm)
        {
            var t = _ml.BinaryClassification.Trainers;
            var species = _featurize.Append(_ml.Transforms.Conversion.MapValueToKey("Label", nameof(Penguin.Species)))
                .Append(lightGbm
                    ? (IEstimator<ITransformer>)_ml.MulticlassClassification.Trainers.LightGbm()
                    : _ml.MulticlassClassification.Trainers.OneVersusAll(t.FastTree()))
                .Fit(_train);
            var sexKnown = _ml.Data.FilterRowsByMissingValues(_train, nameof(Penguin.Sex));
            var sexLabel = _ml.Transforms.Expression("Label", "x => x > 0.5", nameof(Penguin.Sex));
            var sex = _featurize.Append(sexLabel).Append(lightGbm ? (IEstimator<ITransformer>)t.LightGbm() : t.FastTree()).Fit(sexKnown);
            var mass = _featurize.Append(lightGbm
                    ? (IEstimator<ITransformer>)_ml.Regression.Trainers.LightGbm(labelColumnName: nameof(Penguin.BodyMass))
                    : _ml.Regression.Trainers.FastTree(labelColumnName: nameof(Penguin.BodyMass)))
                .Fit(_train);
            var testSex = _ml.Data.FilterRowsByMissingValues(_test, nameof(Penguin.Sex));
            return (new[]
            {
                _ml.MulticlassClassification.Evaluate(species.Transform(_test)).MicroAccuracy,
                _ml.BinaryClassification.Evaluate(sex.Transform(testSex)).AreaUnderRocCurve,
                _ml.Regression.Evaluate(mass.Transform(_test), labelColumnName: nameof(Penguin.BodyMass)).RootMeanSquaredError,
            }, new[] { species, sex, mass });
        }

        /// <summary>
        /// Per-row PredictionEngine latency (µs): the multi-task zip, loaded back, against one engine per tree model, measured
        /// interleaved (row by row A B, then B A, ...) so a drift in the machine's speed hits both alike; and the ratio of the
        /// two medians in each of <see cref="LatencyBlocks"/> consecutive blocks of rows.
        /// </summary>
        public (double[] MultiTask, double[] PerTaskModels, double[] BlockRatios) Latencies(TransformerChain<MultiTaskTransformer> multiTask, ITransformer[] trees)
        {
            string path = Path.Combine(Path.GetTempPath(), $"benchmark-penguins-{Guid.NewGuid():N}.zip");
            _ml.Model.Save(multiTask, _train.Schema, path);
            try
            {
                var loaded = _ml.MultiTask().LoadModel(path, out _);
                var engine = _ml.Model.CreatePredictionEngine<Penguin, MultiTaskOutput>(loaded);
                var species = _ml.Model.CreatePredictionEngine<Penguin, KeyOutput>(trees[0]);
                var sex = _ml.Model.CreatePredictionEngine<Penguin, ProbabilityOutput>(trees[1]);
                var mass = _ml.Model.CreatePredictionEngine<Penguin, ScoreOutput>(trees[2]);
                var rows = Enumerable.Range(0, _settings.LatencyRows).Select(i => Rows[i % Rows.Count]).ToArray();
                Action<Penguin> a = p => engine.Predict(p);
                Action<Penguin> b = p => { species.Predict(p); sex.Predict(p); mass.Predict(p); };
                foreach (var row in rows.Take(20))
                {
                    a(row);
                    b(row);
                }
                var (first, second) = (new double[rows.Length], new double[rows.Length]);
                for (int i = 0; i < rows.Length; i++)
                {
                    if (i % 2 == 0)
                    {
                        first[i] = Time(a, rows[i]);
                        second[i] = Time(b, rows[i]);
                    }
                    else
                    {
                        second[i] = Time(b, rows[i]);
                        first[i] = Time(a, rows[i]);
                    }
                }
                int block = Math.Max(1, rows.Length / LatencyBlocks);
                var ratios = Enumerable.Range(0, rows.Length / block)
                    .Select(k => BenchmarkRunner.Percentile(Sorted(second.Skip(k * block).Take(block)), 0.5) / BenchmarkRunner.Percentile(Sorted(first.Skip(k * block).Take(block)), 0.5)).ToArray();
                return (Sorted(first), Sorted(second), ratios);
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>Blocks of rows over which the latency ratio is taken (its spread says how steady the machine was).</summary>
        public const int LatencyBlocks = 10;

        private static double Time(Action<Penguin> predict, Penguin row)
        {
            long start = Stopwatch.GetTimestamp();
            predict(row);
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000;
        }

        private static double[] Sorted(IEnumerable<double> values)
        {
            var sorted = values.ToArray();
            Array.Sort(sorted);
            return sorted;
        }

        public sealed class MultiTaskOutput
        {
            [ColumnName("Species.PredictedLabel")] public uint Species { get; set; }
            [ColumnName("Sex.Probability")] public float Sex { get; set; }
            [ColumnName("BodyMass.Score")] public float BodyMass { get; set; }
        }

        public sealed class KeyOutput
        {
            [ColumnName("PredictedLabel")] public uint Value { get; set; }
        }

        public sealed class ProbabilityOutput
        {
            [ColumnName("Probability")] public float Value { get; set; }
        }

        public sealed class ScoreOutput
        {
            [ColumnName("Score")] public float Value { get; set; }
        }
    }
}
