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
    /// How training cost grows with the number of tasks: 1 to 100 binary tasks on the same synthetic features, time per
    /// epoch of the multi-task net against one LightGBM fit per task.
    /// </summary>
    public sealed class ManyTaskBenchmarks
    {
        private const int FeatureCount = 32;
        private const int Epochs = 3;

        private readonly MLContext _ml = new MLContext(seed: 1);
        private readonly BenchmarkSettings _settings;
        private readonly TextWriter _log;

        public ManyTaskBenchmarks(BenchmarkSettings settings, TextWriter log)
        {
            _settings = settings;
            _log = log;
        }

        /// <summary>The task counts measured.</summary>
        public static IReadOnlyList<int> TaskCounts { get; } = new[] { 1, 10, 50, 100 };

        /// <summary>
        /// Rows of 32 normal features and <paramref name="tasks"/> binary labels, each the sign of its own mix of a shared
        /// direction and a direction of its own, plus noise; the view has Features and Task0, Task1, ….
        /// </summary>
        private IDataView Data(int rows, int tasks, int seed)
        {
            var random = new Random(seed);
            var shared = Enumerable.Range(0, FeatureCount).Select(_ => random.NextNormalSingle()).ToArray();
            var own = Enumerable.Range(0, tasks).Select(_ => Enumerable.Range(0, FeatureCount).Select(_ => random.NextNormalSingle()).ToArray()).ToArray();
            // Written to a temporary CSV and loaded with TextLoader: a view of any number of scalar label columns.
            string folder = Directory.CreateTempSubdirectory("multitask-many-tasks-").FullName;
            string path = Path.Combine(folder, "data.csv");
            using (var writer = new StreamWriter(path))
            {
                var line = new string[FeatureCount + tasks];
                for (int r = 0; r < rows; r++)
                {
                    var x = Enumerable.Range(0, FeatureCount).Select(_ => random.NextNormalSingle()).ToArray();
                    for (int f = 0; f < FeatureCount; f++)
                    {
                        line[f] = x[f].ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                    }
                    for (int t = 0; t < tasks; t++)
                    {
                        double score = 2 * random.NextNormalSingle();
                        for (int f = 0; f < FeatureCount; f++)
                        {
                            score += x[f] * (shared[f] + own[t][f]);
                        }
                        line[FeatureCount + t] = score > 0 ? "true" : "false";
                    }
                    writer.WriteLine(string.Join(',', line));
                }
            }
            var columns = Enumerable.Range(0, tasks).Select(t => new TextLoader.Column($"Task{t}", DataKind.Boolean, FeatureCount + t))
                .Prepend(new TextLoader.Column("Features", DataKind.Single, 0, FeatureCount - 1)).ToArray();
            var data = _ml.Data.Cache(_ml.Data.LoadFromTextFile(path, columns, separatorChar: ','));
            // Read once into the cache, so the file can go.
            using (var cursor = data.GetRowCursor(data.Schema))
            {
                while (cursor.MoveNext())
                {
                }
            }
            Directory.Delete(folder, recursive: true);
            return data;
        }

        public void Report(BenchmarkReport report)
        {
            report.Heading(ManyTasks);
            int rows = _settings.ManyTaskRows;
            var table = new List<string[]>();
            double? oneTask = null;
            foreach (int tasks in TaskCounts)
            {
                _log.WriteLine($"many tasks: {tasks}");
                var data = Data(rows, tasks, seed: 31);
                var options = new MultiTaskTrainer.Options { Seed = 1, MaxEpochs = Epochs, ValidationFraction = 0 };
                for (int t = 0; t < tasks; t++)
                {
                    options.Tasks.Add(TaskDefinition.Binary($"Task{t}"));
                }
                using var model = _ml.MultiTask().Trainers.MultiTask(options).Fit(data);
                // Seconds per epoch from the training loop's own rate: the data read and graph export are not counted.
                double perEpoch = model.History.Epochs.Average(e => rows / e.RowsPerSecond);
                oneTask ??= perEpoch;
                var (_, trees) = Measurement.Of(() => Enumerable.Range(0, tasks)
                    .Select(t => _ml.BinaryClassification.Trainers.LightGbm(labelColumnName: $"Task{t}").Fit(data)).ToList());
                table.Add(new[]
                {
                    tasks.ToString(System.Globalization.CultureInfo.InvariantCulture), F(perEpoch, "0.00") + " s", F(perEpoch / oneTask.Value, "0.0") + "×",
                    F(1000 * (perEpoch - oneTask.Value) / Math.Max(1, tasks - 1), "0.0") + " ms", F(trees.Elapsed.TotalSeconds, "0.0") + " s",
                });
            }
            report.Paragraph($"{rows} synthetic rows of {FeatureCount} features, 1 to 100 binary tasks on them (each the sign of a shared and an own linear direction plus noise). " +
                $"The multi-task net has the library's defaults but {Epochs} epochs on every row (no validation split); its time per epoch is the training loop's own, without reading the data. " +
                "Each added task adds its head (a [32] hidden layer and an output) and its loss; \"per added task\" is the growth over one task divided by the tasks added. " +
                "LightGBM: one model per task with ML.NET's defaults, the time of all its fits.");
            report.Table(new[] { "Tasks", "Net, time per epoch", "Against one task", "Per added task", "LightGBM, all tasks" }, table);
        }
    }
}
