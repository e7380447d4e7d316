using System.CommandLine;
using Microsoft.ML.MultiTask.Cli.Commands;

// mlnet-mt: multi-task ML.NET from the command line. Every command prints errors as one line and returns an exit code (ExitCodes).
var root = new RootCommand("mlnet-mt: train, evaluate and deploy one ML.NET model that predicts several columns of a CSV file.")
{
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    PredictCommand.Create(),
    ExportOnnxCommand.Create(),
    AnalyzeCommand.Create(),
};
return root.Parse(args).Invoke();
