using System;
using System.CommandLine;
using System.IO;
using System.Linq;

namespace Microsoft.ML.MultiTask.Cli.Commands
{
    // Microsoft.ML has a namespace named Command, which would win over a using directive outside this namespace.
    using Command = System.CommandLine.Command;

    /// <summary><c>predict</c>: every task's predictions for the rows of a CSV file, written to CSV.</summary>
    internal static class PredictCommand
    {
        public static Command Create()
        {
            var model = new Option<FileInfo>("--model", "-m") { Description = "The multi-task model zip.", Required = true };
            var dataset = new Option<FileInfo>("--dataset", "-d") { Description = "A CSV file with the feature columns the model was trained on (label columns may be left out).", Required = true };
            var output = new Option<FileInfo>("--output", "-o") { Description = "The predictions CSV: one line per input row, each task's output columns.", Required = true };
            var command = new Command("predict", "Predict every task of a multi-task model zip for the rows of a CSV file.") { model, dataset, output };
            command.SetAction(result => CommandRunner.Run(() =>
            {
                string modelPath = result.GetValue(model)!.FullName;
                var mlContext = new MLContext();
                var loaded = mlContext.MultiTask().LoadModel(modelPath, out var inputSchema);
                var data = DatasetFile.OpenFor(mlContext, result.GetValue(dataset)!.FullName, inputSchema,
                    column => Console.Error.WriteLine($"warning: the data set has no column '{column}'; it is read as missing (right for a label column, a loss for a feature column)."));
                var scored = loaded.Transform(data);
                var tasks = mlContext.MultiTask().ReadTaskDefinitions(modelPath);
                var columns = TaskOutputColumns.Of(scored.Schema, inputSchema, tasks.Select(t => t.Name));
                string path = result.GetValue(output)!.FullName;
                int rows;
                using (var writer = new StreamWriter(path))
                {
                    rows = PredictionWriter.Write(scored, columns, writer);
                }
                (loaded as IDisposable)?.Dispose();
                CommandRunner.Line($"Wrote {rows} predictions of {tasks.Count} tasks to {path}.");
                return ExitCodes.Success;
            }));
            return command;
        }
    }
}
