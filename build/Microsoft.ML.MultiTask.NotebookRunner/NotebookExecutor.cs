using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace Microsoft.ML.MultiTask.NotebookRunner
{
    /// <summary>
    /// Runs a notebook on the real C# kernel of Polyglot Notebooks (<see cref="CSharpKernel"/>, hosted in this process):
    /// every code cell in order with the state kept between cells, in the notebook's folder, stopping at the first cell
    /// that fails to compile or throws; and collects each cell's outputs as the kernel produced them.
    /// </summary>
    public static class NotebookExecutor
    {
        /// <summary><c>#i "nuget: folder"</c>: the hosted kernel takes only an absolute folder ("Invalid URI" otherwise).</summary>
        private static readonly Regex PackageSource = new(@"^(\s*#i\s+""nuget:\s*)([^""]+)""", RegexOptions.Multiline);

        /// <param name="notebook">The notebook.</param>
        /// <param name="timeout">How long all its cells together may take, package restores included.</param>
        public static NotebookRun Run(Notebook notebook, TimeSpan timeout) => RunAsync(notebook, timeout).GetAwaiter().GetResult();

        /// <inheritdoc cref="Run"/>
        public static async Task<NotebookRun> RunAsync(Notebook notebook, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            string folder = Path.GetDirectoryName(Path.GetFullPath(notebook.Path))!;
            var cells = notebook.CodeCells;
            var outputs = cells.Select(_ => new List<CellOutput>()).ToArray();
            string previousFolder = Directory.GetCurrentDirectory();
            using var kernel = CreateKernel();
            // Relative paths in cells (data files, output/) are the notebook's, as in an editor that opened it.
            Directory.SetCurrentDirectory(folder);
            try
            {
                for (int cell = 0; cell < cells.Count; cell++)
                {
                    var submission = kernel.SendAsync(new SubmitCode(WithAbsolutePackageSources(cells[cell], folder)));
                    var remaining = timeout - clock.Elapsed;
                    if (remaining <= TimeSpan.Zero || await Task.WhenAny(submission, Task.Delay(remaining)) != submission)
                    {
                        return new NotebookRun(notebook.Path, outputs, cell + 1, $"did not finish within {timeout.TotalMinutes:0.#} minutes", clock.Elapsed);
                    }
                    string? error = Collect((await submission).Events, outputs[cell]);
                    if (error != null)
                    {
                        return new NotebookRun(notebook.Path, outputs, cell + 1, error, clock.Elapsed);
                    }
                }
                return new NotebookRun(notebook.Path, outputs, null, null, clock.Elapsed);
            }
            finally
            {
                Directory.SetCurrentDirectory(previousFolder);
            }
        }

        /// <summary>A cell's code with each relative <c>#i "nuget: ..."</c> folder made absolute against the notebook's folder.</summary>
        public static string WithAbsolutePackageSources(string code, string notebookFolder) => PackageSource.Replace(code, match =>
        {
            string source = match.Groups[2].Value.Trim();
            bool relative = !source.Contains("://", StringComparison.Ordinal) && !Path.IsPathRooted(source);
            return relative ? $"{match.Groups[1].Value}{Path.GetFullPath(Path.Combine(notebookFolder, source))}\"" : match.Value;
        });

        private static CSharpKernel CreateKernel() => new CSharpKernel()
            .UseKernelHelpers()
            .UseNugetDirective((kernel, packages) =>
            {
                kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                TorchSharpNativePreload.From(packages);
                return Task.CompletedTask;
            }, false);

        /// <summary>Adds the events' outputs to <paramref name="outputs"/>; returns the failure message, or null when the cell succeeded.</summary>
        private static string? Collect(IEnumerable<KernelEvent> events, List<CellOutput> outputs)
        {
            var displayed = new Dictionary<string, int>();
            foreach (var kernelEvent in events)
            {
                switch (kernelEvent)
                {
                    case CommandFailed failed:
                        // Compiler errors are the message; an exception thrown by the cell keeps its stack, which names the line.
                        return failed.Exception is null or CodeSubmissionCompilationErrorException ? failed.Message : failed.Exception.ToString();
                    case StandardOutputValueProduced stdout:
                        AddStream(outputs, "stdout", Text(stdout));
                        break;
                    case StandardErrorValueProduced stderr:
                        AddStream(outputs, "stderr", Text(stderr));
                        break;
                    case ReturnValueProduced result:
                        outputs.Add(CellOutput.Result(Data(result)));
                        break;
                    case DisplayedValueUpdated update when update.ValueId != null && displayed.TryGetValue(update.ValueId, out int index):
                        outputs[index] = CellOutput.Display(Data(update));
                        break;
                    case DisplayEvent display:
                        if (display.ValueId != null)
                        {
                            displayed[display.ValueId] = outputs.Count;
                        }
                        outputs.Add(CellOutput.Display(Data(display)));
                        break;
                }
            }
            return null;
        }

        private static void AddStream(List<CellOutput> outputs, string name, string text)
        {
            if (outputs.Count > 0 && outputs[^1].StreamName == name)
            {
                outputs[^1] = outputs[^1].Append(text);
            }
            else
            {
                outputs.Add(CellOutput.Stream(name, text));
            }
        }

        private static string Text(DisplayEvent display) => string.Concat(display.FormattedValues.Select(v => v.Value));

        private static IReadOnlyDictionary<string, string> Data(DisplayEvent display) =>
            display.FormattedValues.Where(v => !v.SuppressDisplay).GroupBy(v => v.MimeType).ToDictionary(g => g.Key, g => g.Last().Value);
    }
}
