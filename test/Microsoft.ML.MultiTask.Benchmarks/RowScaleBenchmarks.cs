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
    /// Section 14: how fit time and memory grow with the rows, on synthetic data of census's shape (a few dense numbers and
    /// one-hot categories), generated row by row so the source holds no copy: time per epoch, rows/s and peak memory against
    /// the float32 feature matrix's size, with the features in memory and in a temporary file, and LightGBM on the same rows.
    /// </summary>
    public sealed class RowScaleBenchmarks
    {
        private const int Numeric = 8;
        private static readonly int[] Levels = { 9, 17, 6, 15, 50, 42, 8, 24 };
        private const int Epochs = 2;

        /// <summary>Above this many rows only the temporary file is measured (the in-memory path and LightGBM are left out for time).</summary>
        private const int InMemoryRows = 1_000_000;

        private readonly MLContext _ml = new MLContext(seed: 1);
        private readonly BenchmarkSettings _settings;
        private readonly TextWriter _log;

        public RowScaleBenchmarks(BenchmarkSettings settings, TextWriter log)
        {
            _settings = settings;
            _log = log;
        }

        private static int Width => Numeric + Levels.Sum();

        public void Report(BenchmarkReport report)
        {
            report.Heading(RowScale);
            report.Paragraph($"Synthetic rows of census's shape: {Numeric} normal numbers and {Levels.Length} one-hot categories ({Levels.Sum()} slots), {Width} features, {Numeric + Levels.Length} non-zero per row; " +
                $"two binary tasks, each the sign of its own linear mix plus noise. The rows are generated as they are read, so the source holds none. " +
                $"The multi-task net: hard sharing [128, 64], heads [16], batch 256, {Epochs} epochs, no validation split, no feature encoding; its features in memory (the default) " +
                $"or in a temporary file ({nameof(TemporaryFileFeatureStorage)}, default 32 MB blocks; rows above {InMemoryRows:N0} only so). " +
                "Peak memory is the growth of the process's high-water mark (VmHWM) during the fit, after a warm-up fit has paid the one-time costs; the float32 matrix is rows × features × 4 bytes, what a dense copy would take.");
            // One-time costs (native libraries, thread pools, ONNX Runtime's first session) are paid here, not by the first row count.
            _ml.MultiTask().Trainers.MultiTask(Options(epochs: 1)).Fit(Data(1_000, seed: 2)).Dispose();
            _ml.BinaryClassification.Trainers.LightGbm(labelColumnName: "A").Fit(Data(1_000, seed: 2));
            var rows = new List<string[]>();
            var memoryRatios = new List<double>();
            var filePeaks = new List<(int Rows, double Megabytes, double MicrosecondsPerRow)>();
            foreach (int count in _settings.ScaleRows)
            {
                var data = Data(count, seed: 1);
                double matrix = (double)count * Width * sizeof(float) / (1 << 20);
                var storages = count <= InMemoryRows ? new FeatureStorage[] { new InMemoryFeatureStorage(), new TemporaryFileFeatureStorage() } : new FeatureStorage[] { new TemporaryFileFeatureStorage() };
                foreach (var storage in storages)
                {
                    _log.WriteLine($"  row scale: {count} rows, {storage}");
                    var options = Options(Epochs);
                    options.FeatureStorage = storage;
                    var (model, cost) = Measurement.Of(() => _ml.MultiTask().Trainers.MultiTask(options).Fit(data));
                    double rowsPerSecond = model.History.Epochs.Average(e => e.RowsPerSecond);
                    double epochSeconds = EpochSeconds(model.History);
                    model.Dispose();
                    if (storage is InMemoryFeatureStorage)
                    {
                        memoryRatios.Add(cost.PeakMemoryMegabytes / matrix);
                    }
                    else
                    {
                        filePeaks.Add((count, cost.PeakMemoryMegabytes, 1e6 * epochSeconds / count));
                    }
                    var tree = storage is InMemoryFeatureStorage
                        ? Measurement.Of(() => new[] { "A", "B" }.Select(task => _ml.BinaryClassification.Trainers.LightGbm(labelColumnName: task).Fit(data)).ToArray()).Cost
                        : (Measurement?)null;
                    rows.Add(new[]
                    {
                        count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), storage is InMemoryFeatureStorage ? "memory" : "temporary file",
                        Seconds(cost.Elapsed), F(epochSeconds, "0.00") + " s", F(rowsPerSecond, "0"), F(1e6 * epochSeconds / count, "0.0") + " µs",
                        Megabytes(cost.PeakMemoryMegabytes), Megabytes(matrix), F(cost.PeakMemoryMegabytes / matrix, "0.00"),
                        tree == null ? "–" : Seconds(tree.Value.Elapsed), tree == null ? "–" : Megabytes(tree.Value.PeakMemoryMegabytes),
                    });
                }
            }
            report.Table(new[] { "Rows", "Features", "Fit time", "Time per epoch", "Training rows/s", "Epoch time per row", "Peak memory", "Float32 matrix", "Peak / matrix", "LightGBM, 2 tasks", "LightGBM peak memory" }, rows);
            var (first, last) = (filePeaks[0], filePeaks[^1]);
            report.Paragraph($"In memory, the peak is at most {F(memoryRatios.Max(), "0.00")} × the float32 matrix (the goal: at most 1.5). From the temporary file, the peak goes from {Megabytes(first.Megabytes)} at {first.Rows:N0} rows to {Megabytes(last.Megabytes)} at {last.Rows:N0}: " +
                "the features stay within three blocks (96 MB), and what grows with the rows is what stays in memory — the labels (4 bytes per row and task, collected in growing lists while reading), the epoch's row order (4 bytes per row) and the garbage collector's headroom over them (docs/scaling.md has the formula). " +
                $"The epoch time per row from the temporary file goes from {F(first.MicrosecondsPerRow, "0.0")} µs to {F(last.MicrosecondsPerRow, "0.0")} µs.");
        }

        private static MultiTaskTrainer.Options Options(int epochs)
        {
            var options = new MultiTaskTrainer.Options
            {
                Architecture = new HardSharing { SharedLayers = new[] { 128, 64 } },
                HeadLayers = new[] { 16 },
                BatchSize = 256,
                MaxEpochs = epochs,
                ValidationFraction = 0,
                FeatureEncoding = null,
                Seed = 1,
            };
            options.Tasks.Add(TaskDefinition.Binary("A"));
            options.Tasks.Add(TaskDefinition.Binary("B"));
            return options;
        }

        /// <summary>The mean time of one epoch from the history's cumulative times.</summary>
        private static double EpochSeconds(TrainingHistory history)
        {
            var epochs = history.Epochs;
            return epochs.Count < 2 ? epochs[0].Elapsed.TotalSeconds : (epochs[^1].Elapsed - epochs[0].Elapsed).TotalSeconds / (epochs.Count - 1);
        }

        /// <summary>Rows generated on demand (the same rows on every pass): the enumerable is lazy, so no copy is held.</summary>
        private IDataView Data(int count, int seed)
        {
            var schema = SchemaDefinition.Create(typeof(Row));
            schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Width);
            return _ml.Data.LoadFromEnumerable(Generate(count, seed), schema);
        }

        private static IEnumerable<Row> Generate(int count, int seed)
        {
            var random = new Random(seed);
            var weightsA = Enumerable.Range(0, Width).Select(_ => random.NextNormalSingle()).ToArray();
            var weightsB = Enumerable.Range(0, Width).Select(i => (0.5f * weightsA[i]) + random.NextNormalSingle()).ToArray();
            var values = new float[Numeric + Levels.Length];
            var indices = new int[Numeric + Levels.Length];
            for (int r = 0; r < count; r++)
            {
                float a = 0, b = 0;
                for (int i = 0; i < Numeric; i++)
                {
                    values[i] = random.NextNormalSingle();
                    indices[i] = i;
                }
                int offset = Numeric;
                for (int c = 0; c < Levels.Length; c++)
                {
                    values[Numeric + c] = 1;
                    indices[Numeric + c] = offset + random.Next(Levels[c]);
                    offset += Levels[c];
                }
                for (int k = 0; k < values.Length; k++)
                {
                    a += weightsA[indices[k]] * values[k];
                    b += weightsB[indices[k]] * values[k];
                }
                yield return new Row
                {
                    Features = new VBuffer<float>(Width, values.Length, (float[])values.Clone(), (int[])indices.Clone()),
                    A = a + random.NextNormalSingle() > 0,
                    B = b + random.NextNormalSingle() > 0,
                };
            }
        }

        private sealed class Row
        {
            public VBuffer<float> Features { get; set; }

            public bool A { get; set; }

            public bool B { get; set; }
        }
    }
}
