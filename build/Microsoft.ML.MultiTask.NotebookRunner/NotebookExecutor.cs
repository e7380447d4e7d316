using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Microsoft.ML.MultiTask.NotebookRunner
{
    /// <summary>Runs a notebook as a single-file program with <c>dotnet run</c>, in the notebook's folder, and collects each cell's output.</summary>
    public static class NotebookExecutor
    {
        private static readonly Regex CompilerError = new(@"\.cs\((\d+),\d+\): error ");

        /// <param name="notebook">The notebook.</param>
        /// <param name="workFolder">Where the program, its NuGet.config and its build are written (outside any repository, so no Directory.*.props applies); deleted afterwards.</param>
        /// <param name="timeout">How long the build and run may take.</param>
        public static NotebookRun Run(Notebook notebook, string workFolder, TimeSpan timeout)
        {
            try
            {
                return RunIn(notebook, workFolder, timeout);
            }
            finally
            {
                // The build holds a copy of libtorch (~900 MB); left behind, every run would add one.
                Directory.Delete(workFolder, recursive: true);
            }
        }

        private static NotebookRun RunIn(Notebook notebook, string workFolder, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            var program = NotebookProgram.From(notebook);
            Directory.CreateDirectory(workFolder);
            string file = Path.Combine(workFolder, Path.GetFileNameWithoutExtension(notebook.Path).Replace('-', '_') + ".cs");
            File.WriteAllText(file, program.Text);
            File.WriteAllText(Path.Combine(workFolder, "NuGet.config"), NuGetConfig(program.Sources));

            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(notebook.Path))!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add("run");
            start.ArgumentList.Add(file);
            // Without it the build goes to ~/.local/share/dotnet/runfile/<name>-<hash of the path>, one per work folder, never removed.
            start.ArgumentList.Add("--artifacts-path");
            start.ArgumentList.Add(Path.Combine(workFolder, "artifacts"));
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var process = Process.Start(start)!;
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
            process.BeginErrorReadLine();
            var lines = new List<string>();
            string? line;
            var reader = process.StandardOutput;
            var readAll = System.Threading.Tasks.Task.Run(() =>
            {
                while ((line = reader.ReadLine()) != null)
                {
                    lines.Add(line);
                }
            });
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                return new NotebookRun(notebook.Path, Array.Empty<IReadOnlyList<CellOutput>>(), null, $"did not finish within {timeout.TotalMinutes:0} minutes", clock.Elapsed);
            }
            readAll.Wait();
            process.WaitForExit();

            var (outputs, lastCell, preamble) = Split(lines, notebook.CodeCells.Count);
            if (process.ExitCode == 0)
            {
                return new NotebookRun(notebook.Path, outputs, null, null, clock.Elapsed);
            }
            string error = (preamble + stderr).Trim();
            int? failed = lastCell >= 0 ? lastCell + 1 : null;
            var compile = CompilerError.Match(error);
            if (compile.Success && program.CellOfLine(int.Parse(compile.Groups[1].Value)) is int cell)
            {
                failed = cell + 1;
            }
            return new NotebookRun(notebook.Path, outputs, failed, error.Length == 0 ? $"dotnet run exited with {process.ExitCode}" : error, clock.Elapsed);
        }

        /// <summary>Splits the program's output at the cell markers; text before the first marker is the build's.</summary>
        private static (IReadOnlyList<IReadOnlyList<CellOutput>> Outputs, int LastCell, string Preamble) Split(IReadOnlyList<string> lines, int cellCount)
        {
            var outputs = Enumerable.Range(0, cellCount).Select(_ => new List<CellOutput>()).ToArray();
            var preamble = new StringBuilder();
            var text = new StringBuilder();
            int cell = -2;
            void FlushText()
            {
                if (text.Length > 0 && cell >= 0)
                {
                    outputs[cell].Add(new CellOutput(text.ToString(), null));
                }
                text.Clear();
            }
            int lastCell = -1;
            foreach (var line in lines)
            {
                if (line.StartsWith(NotebookProgram.CellMarker, StringComparison.Ordinal))
                {
                    FlushText();
                    cell = int.Parse(line.Substring(NotebookProgram.CellMarker.Length));
                    lastCell = cell >= 0 ? cell : lastCell;
                }
                else if (line.StartsWith(NotebookProgram.HtmlMarker, StringComparison.Ordinal) && cell >= 0)
                {
                    FlushText();
                    outputs[cell].Add(new CellOutput(null, Encoding.UTF8.GetString(Convert.FromBase64String(line.Substring(NotebookProgram.HtmlMarker.Length)))));
                }
                else if (cell == -2)
                {
                    preamble.AppendLine(line);
                }
                else
                {
                    text.Append(line).Append('\n');
                }
            }
            FlushText();
            return (outputs, lastCell, preamble.ToString());
        }

        private static string NuGetConfig(IReadOnlyList<string> sources)
        {
            var config = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n");
            for (int i = 0; i < sources.Count; i++)
            {
                config.Append($"    <add key=\"notebook-source-{i}\" value=\"{System.Security.SecurityElement.Escape(sources[i])}\" />\n");
            }
            return config.Append("  </packageSources>\n</configuration>\n").ToString();
        }
    }
}
