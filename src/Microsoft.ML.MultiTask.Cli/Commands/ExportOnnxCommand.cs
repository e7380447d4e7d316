using System.CommandLine;
using System.IO;

namespace Microsoft.ML.MultiTask.Cli.Commands
{
    // Microsoft.ML has a namespace named Command, which would win over a using directive outside this namespace.
    using Command = System.CommandLine.Command;

    /// <summary><c>export-onnx</c>: the standalone ONNX graph stored in a model zip.</summary>
    internal static class ExportOnnxCommand
    {
        public static Command Create()
        {
            var model = new Option<FileInfo>("--model", "-m") { Description = "The multi-task model zip.", Required = true };
            var output = new Option<FileInfo>("--output", "-o") { Description = "The .onnx file to write.", Required = true };
            var command = new Command("export-onnx", "Write the network of a multi-task model zip as an ONNX model (featurized input 'Features', one output per task column).") { model, output };
            command.SetAction(result => CommandRunner.Run(() =>
            {
                string path = result.GetValue(output)!.FullName;
                var mlContext = new MLContext();
                using (var stream = new MemoryStream())
                {
                    // Written only once the zip proved to be a multi-task model, so a bad zip leaves no empty file behind.
                    mlContext.MultiTask().ExportOnnx(result.GetValue(model)!.FullName, stream);
                    File.WriteAllBytes(path, stream.ToArray());
                }
                CommandRunner.Line($"Wrote {path} ({new FileInfo(path).Length / 1024} KB).");
                return ExitCodes.Success;
            }));
            return command;
        }
    }
}
