using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Charts;

namespace Microsoft.ML.MultiTask.Cli.Commands
{
    // Microsoft.ML has a namespace named Command, which would win over a using directive outside this namespace.
    using Command = System.CommandLine.Command;

    /// <summary><c>train</c>: CSV → inferred columns → featurization → one multi-task model → metrics, charts, zip and a consuming project.</summary>
    internal static class TrainCommand
    {
        public static Command Create()
        {
            var dataset = new Option<FileInfo>("--dataset", "-d") { Description = "The CSV file to train on (header, separator and column types are inferred).", Required = true };
            var tasks = new Option<string[]>("--task", "-t")
            {
                Description = "A task: NAME[:KIND[=COLUMN]][,group=G][,positive=V][,order=A|B|C][,weight=W]. KIND: " + string.Join(", ", TaskSpecification.Kinds)
                    + "; inferred from the column when left out. Repeat for each task.",
                Required = true,
                AllowMultipleArgumentsPerToken = false,
            };
            var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Where the model zip, metrics, charts and the generated project go. Default: <dataset name>-multitask." };
            var testFraction = new Option<double>("--test-fraction") { Description = "Rows held out to report the metrics on.", DefaultValueFactory = _ => 0.2 };
            var validationFraction = new Option<double?>("--validation-fraction") { Description = "Training rows held out for early stopping. Default: the trainer's (0.1 from 100 rows)." };
            var architecture = new Option<string?>("--architecture", "-a") { Description = "The network: " + string.Join(", ", ArchitectureNames.Names) + $". Default {ArchitectureNames.Default}; with --trials, searched unless given." };
            var epochs = new Option<int?>("--epochs") { Description = "Most passes over the data. Default: the trainer's choice for the data's size." };
            var time = new Option<int?>("--time") { Description = "A time budget in seconds: training (or with --trials, the search) stops after the epoch that runs past it." };
            var trials = new Option<int?>("--trials") { Description = "Tune: train this many option sets (architecture, learning rate, dropout, weight decay, batch size; Tree-structured Parzen search) on a validation split of the training rows and keep the best." };
            var tempDir = new Option<DirectoryInfo?>("--temp-dir") { Description = "Keep the featurized training rows in a temporary file in this folder instead of memory, for data larger than memory (removed when training ends)." };
            var seed = new Option<int>("--seed") { Description = "Seed of the split and the training: the same seed gives the same model.", DefaultValueFactory = _ => 1 };
            var command = new Command("train", "Train one multi-task model on several label columns of a CSV file.")
            {
                dataset, tasks, output, testFraction, validationFraction, architecture, epochs, time, trials, seed, tempDir,
            };
            command.SetAction(result => CommandRunner.Run(() => Train(new TrainSettings(
                result.GetValue(dataset)!.FullName,
                result.GetValue(tasks)!,
                result.GetValue(output)?.FullName,
                result.GetValue(testFraction),
                result.GetValue(validationFraction),
                result.GetValue(architecture),
                result.GetValue(epochs),
                result.GetValue(time),
                result.GetValue(trials),
                result.GetValue(seed),
                result.GetValue(tempDir)?.FullName))));
            return command;
        }

        private static TransformerChain<MultiTaskTransformer> Fit(MLContext mlContext, IEstimator<ITransformer> featurizer, IDataView train, MultiTaskTrainer.Options options)
        {
            var progress = new TrainingProgressView();
            options.Progress = progress;
            var trainer = featurizer.Append(mlContext.MultiTask().Trainers.MultiTask(options));
            return progress.Run(() => trainer.Fit(train));
        }

        private static int Train(TrainSettings settings)
        {
            settings.Check();
            var mlContext = new MLContext(settings.Seed);
            var dataset = DatasetFile.Open(mlContext, settings.Dataset);
            dataset.Print();
            var tasks = TaskSetup.Resolve(mlContext, settings.Tasks, dataset, minimumTasks: 1);
            var split = mlContext.Data.TrainTestSplit(dataset.Data, settings.TestFraction, samplingKeyColumnName: tasks.RankingGroup, seed: settings.Seed);
            var plan = mlContext.MultiTask().Featurize(split.TrainSet, tasks.NonFeatureColumns);
            CommandRunner.Line(string.Empty);
            CommandRunner.Line(plan.ToString());

            var options = new MultiTaskTrainer.Options
            {
                FeatureColumnName = plan.FeatureColumnName,
                Architecture = ArchitectureNames.Create(settings.Architecture ?? ArchitectureNames.Default),
                ValidationFraction = settings.ValidationFraction,
                MaxEpochs = settings.Epochs,
                MaxTrainingTime = settings.TimeSeconds is int seconds ? TimeSpan.FromSeconds(seconds) : null,
                Seed = settings.Seed,
                FeatureStorage = settings.TempDir == null ? new InMemoryFeatureStorage() : new TemporaryFileFeatureStorage { Directory = settings.TempDir },
            };
            tasks.AddTo(options);
            var (model, used) = settings.Trials is int trials
                ? TrainingSearch.Fit(mlContext, tasks.Pipeline(plan), split.TrainSet, options, settings, tasks.RankingGroup, trials)
                : (Fit(mlContext, tasks.Pipeline(plan), split.TrainSet, options), options);
            var history = model.LastTransformer.History;
            CommandRunner.Line($"Trained {history.Epochs.Count} epoch{(history.Epochs.Count == 1 ? string.Empty : "s")} in {history.Epochs[^1].Elapsed.TotalSeconds:0.0} s; kept epoch {history.BestEpoch}{(history.StoppedEarly ? " (stopped early)" : string.Empty)}.");

            var scored = model.Transform(split.TestSet);
            var metrics = mlContext.MultiTask().Evaluate(scored, model.LastTransformer);
            MetricsReport.Print(metrics, $"Test set: {settings.TestFraction:P0} of the rows");

            string folder = settings.Output ?? Path.Combine(Environment.CurrentDirectory, Path.GetFileNameWithoutExtension(settings.Dataset) + "-multitask");
            Directory.CreateDirectory(folder);
            string zip = Path.Combine(folder, "model.zip");
            mlContext.Model.Save(model, split.TrainSet.Schema, zip);
            MetricsReport.Write(Path.Combine(folder, "metrics.json"), metrics, new Dictionary<string, JsonNode?>
            {
                ["dataset"] = settings.Dataset,
                ["testFraction"] = settings.TestFraction,
                ["architecture"] = used.Architecture.ToString(),
                ["learningRate"] = used.LearningRate,
                ["epochs"] = history.Epochs.Count,
                ["bestEpoch"] = history.BestEpoch,
                ["trainingSeconds"] = history.Epochs[^1].Elapsed.TotalSeconds,
            });
            string charts = Path.Combine(folder, "charts");
            Directory.CreateDirectory(charts);
            TrainingCharts.LossCurves(history, Path.Combine(charts, "loss-curves.png"));
            TrainingCharts.MetricBars(metrics, Path.Combine(charts, "metrics.png"));
            var project = new ConsumerProjectWriter(CSharpNames.Identifier(Path.GetFileNameWithoutExtension(settings.Dataset), new HashSet<string>()) + ".ConsoleApp",
                split.TrainSet.Schema, split.TestSet, scored.Schema, model.LastTransformer);
            string projectFile = project.Write(Path.Combine(folder, project.ProjectName), zip);
            model.LastTransformer.Dispose();

            CommandRunner.Line($"Model:    {zip}");
            CommandRunner.Line($"Metrics:  {Path.Combine(folder, "metrics.json")}");
            CommandRunner.Line($"Charts:   {charts}");
            CommandRunner.Line($"Project:  {projectFile} (dotnet run --project \"{Path.GetDirectoryName(projectFile)}\")");
            return ExitCodes.Success;
        }
    }
}
