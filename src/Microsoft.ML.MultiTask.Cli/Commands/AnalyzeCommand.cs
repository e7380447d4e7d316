using System.CommandLine;
using System.IO;
using Microsoft.ML.MultiTask.Charts;

namespace Microsoft.ML.MultiTask.Cli.Commands
{
    // Microsoft.ML has a namespace named Command, which would win over a using directive outside this namespace.
    using Command = System.CommandLine.Command;

    /// <summary><c>analyze</c>: should these tasks be trained together? The task-relatedness report on a CSV file.</summary>
    internal static class AnalyzeCommand
    {
        public static Command Create()
        {
            var dataset = new Option<FileInfo>("--dataset", "-d") { Description = "The CSV file.", Required = true };
            var tasks = new Option<string[]>("--task", "-t") { Description = "A task, as for train; at least two.", Required = true };
            var epochs = new Option<int?>("--epochs") { Description = "Most epochs of the measured training run. Default: the trainer's choice." };
            var transfer = new Option<bool>("--transfer") { Description = "Also train each task alone (3 seeds) to measure whether sharing helps or hurts it (slower)." };
            var output = new Option<DirectoryInfo?>("--output", "-o") { Description = "Write the report and the affinity heatmap (PNG) into this folder." };
            var seed = new Option<int>("--seed") { Description = "Seed of the training runs.", DefaultValueFactory = _ => 1 };
            var command = new Command("analyze", "Measure how related the tasks are (label association, gradient cosine, lookahead affinity, best groupings) and optionally whether sharing helps each task.")
            {
                dataset, tasks, epochs, transfer, output, seed,
            };
            command.SetAction(result => CommandRunner.Run(() =>
            {
                if (result.GetValue(epochs) is int e && e < 1)
                {
                    throw new UsageException($"--epochs must be at least 1; got {e}.");
                }
                var mlContext = new MLContext(result.GetValue(seed));
                var data = DatasetFile.Open(mlContext, result.GetValue(dataset)!.FullName);
                var setup = TaskSetup.Resolve(mlContext, result.GetValue(tasks)!, data, minimumTasks: 2);
                var plan = mlContext.MultiTask().Featurize(data.Data, setup.NonFeatureColumns);
                var featurized = setup.Pipeline(plan).Fit(data.Data).Transform(data.Data);
                var options = new MultiTaskTrainer.Options { FeatureColumnName = plan.FeatureColumnName, MaxEpochs = result.GetValue(epochs), Seed = result.GetValue(seed) };
                setup.AddTo(options);
                var report = mlContext.MultiTask().AnalyzeTasks(featurized, new TaskRelatednessOptions { TrainerOptions = options, Transfer = result.GetValue(transfer) });
                CommandRunner.Line(report.ToString());
                if (result.GetValue(output) is DirectoryInfo folder)
                {
                    folder.Create();
                    File.WriteAllText(Path.Combine(folder.FullName, "relatedness.md"), report.ToString());
                    if (report.Affinity != null)
                    {
                        RelatednessCharts.Heatmap(report.Affinity, Path.Combine(folder.FullName, "affinity.png"));
                    }
                    CommandRunner.Line($"Wrote the report and charts to {folder.FullName}.");
                }
                return ExitCodes.Success;
            }));
            return command;
        }
    }
}
