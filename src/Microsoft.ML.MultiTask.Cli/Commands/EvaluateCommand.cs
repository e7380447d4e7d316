using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text.Json.Nodes;

namespace Microsoft.ML.MultiTask.Cli.Commands
{
    // Microsoft.ML has a namespace named Command, which would win over a using directive outside this namespace.
    using Command = System.CommandLine.Command;

    /// <summary><c>evaluate</c>: every task's metrics of a model zip on a labelled CSV file.</summary>
    internal static class EvaluateCommand
    {
        public static Command Create()
        {
            var model = new Option<FileInfo>("--model", "-m") { Description = "The multi-task model zip.", Required = true };
            var dataset = new Option<FileInfo>("--dataset", "-d") { Description = "A CSV file with the columns the model was trained on, labels included.", Required = true };
            var output = new Option<FileInfo?>("--output", "-o") { Description = "Also write the metrics as JSON to this file." };
            var command = new Command("evaluate", "Evaluate a multi-task model zip on labelled data: each task's metrics from ML.NET's evaluators.") { model, dataset, output };
            command.SetAction(result => CommandRunner.Run(() =>
            {
                string modelPath = result.GetValue(model)!.FullName;
                string data = result.GetValue(dataset)!.FullName;
                var mlContext = new MLContext();
                var loaded = mlContext.MultiTask().LoadModel(modelPath, out var inputSchema);
                var scored = loaded.Transform(DatasetFile.OpenFor(mlContext, data, inputSchema, missing: null));
                var metrics = mlContext.MultiTask().Evaluate(scored, mlContext.MultiTask().ReadTaskDefinitions(modelPath));
                MetricsReport.Print(metrics, Path.GetFileName(data));
                if (result.GetValue(output) is FileInfo json)
                {
                    MetricsReport.Write(json.FullName, metrics, new Dictionary<string, JsonNode?> { ["model"] = modelPath, ["dataset"] = data });
                }
                (loaded as System.IDisposable)?.Dispose();
                return ExitCodes.Success;
            }));
            return command;
        }
    }
}
