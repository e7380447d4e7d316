using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML.MultiTask.NotebookRunner;
using Microsoft.VisualStudio.TestTools.UnitTesting;

[assembly: DoNotParallelize]

namespace Microsoft.ML.MultiTask.Notebooks.Tests
{
    /// <summary>Runs every notebook under docs/notebooks on the real C# kernel, against freshly packed packages.</summary>
    [TestClass]
    public sealed class NotebookTests
    {
        private static string _root = null!;
        private static readonly List<string> TemporaryFolders = new();

        private static string NotebookFolder => Path.Combine(_root, "docs", "notebooks");

        private static IEnumerable<string> Notebooks => Directory.GetFiles(NotebookFolder, "*.ipynb").OrderBy(p => p, StringComparer.Ordinal);

        [ClassInitialize]
        public static void Pack(TestContext context)
        {
            _root = LocalPackages.FindRepositoryRoot(AppContext.BaseDirectory);
            LocalPackages.Pack(_root);
        }

        [ClassCleanup]
        public static void RemoveTemporaryNotebooks()
        {
            foreach (var folder in TemporaryFolders)
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [TestMethod]
        public void EveryNotebookRunsGreenAndItsSavedOutputsComeFromSuchARun()
        {
            Assert.IsGreaterThanOrEqualTo(3, Notebooks.Count());
            // In name order: 03 deploys the zip that 02 saves.
            foreach (var path in Notebooks)
            {
                var notebook = Notebook.Load(path);
                var run = NotebookExecutor.Run(notebook, TimeSpan.FromMinutes(10));
                Assert.IsTrue(run.Succeeded, run.ToString());
                var saved = SavedOutputs(path);
                Assert.HasCount(run.Outputs.Count, saved, $"{Path.GetFileName(path)}: code cells");
                for (int cell = 0; cell < run.Outputs.Count; cell++)
                {
                    // Figures such as rows/s differ between runs; the kind, MIME types and number of outputs may not.
                    CollectionAssert.AreEqual(run.Outputs[cell].Select(o => o.Shape).ToArray(), saved[cell],
                        $"{Path.GetFileName(path)}, code cell {cell + 1}: the saved outputs are not those of a run of this notebook; rerun the runner with --write-outputs");
                }
            }
        }

        [TestMethod]
        public void ChartsAreRealPngsOfTheAskedSize()
        {
            var charts = Directory.Exists(Path.Combine(NotebookFolder, "output")) ? Directory.GetFiles(Path.Combine(NotebookFolder, "output"), "*.png") : Array.Empty<string>();
            if (charts.Length == 0)
            {
                EveryNotebookRunsGreenAndItsSavedOutputsComeFromSuchARun();
                charts = Directory.GetFiles(Path.Combine(NotebookFolder, "output"), "*.png");
            }
            Assert.IsGreaterThanOrEqualTo(4, charts.Length, "loss curves and metric bars of notebooks 01 and 02");
            foreach (var chart in charts)
            {
                var bytes = File.ReadAllBytes(chart);
                CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4).ToArray(), chart);
                // IHDR: big-endian width and height at bytes 16 and 20.
                Assert.AreEqual(800, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19], chart);
                Assert.AreEqual(450, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23], chart);
                Assert.IsGreaterThan(10_000, bytes.Length, $"{chart} is too small to hold a drawn chart");
            }
        }

        [TestMethod]
        public void NotebooksAreValidNbformat4()
        {
            foreach (var path in Notebooks)
            {
                var problems = Notebook.Load(path).Validate();
                Assert.IsEmpty(problems, $"{Path.GetFileName(path)}: {string.Join("; ", problems)}");
            }
            // Debian's python3-nbformat validates against the format's own JSON schema; build/test.sh installs it.
            if (!File.Exists("/usr/bin/python3") || Python("import nbformat").ExitCode != 0)
            {
                Assert.Inconclusive("python3-nbformat is not installed; only the library's own nbformat 4 check ran.");
            }
            foreach (var path in Notebooks)
            {
                var result = Python($"import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path);
                Assert.AreEqual(0, result.ExitCode, $"{Path.GetFileName(path)}: {result.Output}");
            }
        }

        [TestMethod]
        public void ABrokenCellFailsTheRunAndIsNamed()
        {
            var notebook = TemporaryNotebook(
                "display(\"first cell ran\");",
                "throw new InvalidOperationException(\"deliberately broken\");",
                "display(\"never reached\");");
            var run = NotebookExecutor.Run(notebook, TimeSpan.FromMinutes(5));
            Assert.IsFalse(run.Succeeded);
            Assert.AreEqual(2, run.FailedCell);
            StringAssert.Contains(run.Error, "deliberately broken");
            Assert.AreEqual("first cell ran", run.Outputs[0].Single().Data["text/plain"]);
            Assert.IsEmpty(run.Outputs[2]);
        }

        [TestMethod]
        public void ACellThatDoesNotCompileFailsTheRunAndIsNamed()
        {
            var notebook = TemporaryNotebook("var ok = 1;", "int broken = \"text\";");
            var run = NotebookExecutor.Run(notebook, TimeSpan.FromMinutes(5));
            Assert.IsFalse(run.Succeeded);
            Assert.AreEqual(2, run.FailedCell);
            StringAssert.Contains(run.Error, "CS0029");
        }

        [TestMethod]
        public void StateIsKeptBetweenCellsAndABareFinalExpressionIsTheCellsResult()
        {
            var notebook = TemporaryNotebook(
                "public sealed class Row { public int X { get; set; } }\nvar row = new Row { X = 41 };",
                "Console.WriteLine(\"printed\");\ndisplay(HTML(\"<b>shown</b>\"));\nrow.X + 1");
            var run = NotebookExecutor.Run(notebook, TimeSpan.FromMinutes(5));
            Assert.IsTrue(run.Succeeded, run.ToString());
            Assert.IsEmpty(run.Outputs[0]);
            CollectionAssert.AreEqual(new[] { "stream:stdout", "display_data:text/html", "execute_result:text/html" }, run.Outputs[1].Select(o => o.Shape).ToArray());
            Assert.AreEqual("printed\n", run.Outputs[1][0].Text);
            Assert.AreEqual("<b>shown</b>", run.Outputs[1][1].Data["text/html"]);
            StringAssert.Contains(run.Outputs[1][2].Data["text/html"], "<pre>42</pre>");
        }

        [TestMethod]
        public void RelativePackageFoldersBecomeAbsoluteForTheKernelAndUrlsStayAsTheyAre()
        {
            string folder = Path.Combine(Path.GetTempPath(), "notebooks");
            string code = "#i \"nuget: ../../artifacts/packages\"\n#i \"nuget: https://example.org/v3/index.json\"\n#r \"nuget: Microsoft.ML, 5.0.1\"";
            var lines = NotebookExecutor.WithAbsolutePackageSources(code, folder).Split('\n');
            Assert.AreEqual($"#i \"nuget: {Path.GetFullPath(Path.Combine(folder, "../../artifacts/packages"))}\"", lines[0]);
            Assert.AreEqual("#i \"nuget: https://example.org/v3/index.json\"", lines[1]);
            Assert.AreEqual("#r \"nuget: Microsoft.ML, 5.0.1\"", lines[2]);
        }

        /// <summary>Each code cell's saved outputs, described as <see cref="CellOutput.Shape"/> describes a run's.</summary>
        private static List<string[]> SavedOutputs(string path)
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
            return root["cells"]!.AsArray().Where(c => c!["cell_type"]!.GetValue<string>() == "code")
                .Select(c => c!["outputs"]!.AsArray().Select(o => CellOutput.Describe(
                    o!["output_type"]!.GetValue<string>(), o["name"]?.GetValue<string>(), o["data"]?.AsObject().Select(d => d.Key) ?? Enumerable.Empty<string>())).ToArray()).ToList();
        }

        private static Notebook TemporaryNotebook(params string[] codeCells)
        {
            string folder = Directory.CreateTempSubdirectory("multitask-notebook-").FullName;
            TemporaryFolders.Add(folder);
            string path = Path.Combine(folder, "test.ipynb");
            var cells = new System.Text.Json.Nodes.JsonArray(codeCells.Select(code => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["metadata"] = new System.Text.Json.Nodes.JsonObject(),
                ["outputs"] = new System.Text.Json.Nodes.JsonArray(),
                ["source"] = code,
            }).ToArray());
            var root = new System.Text.Json.Nodes.JsonObject { ["cells"] = cells, ["metadata"] = new System.Text.Json.Nodes.JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5 };
            File.WriteAllText(path, root.ToJsonString());
            return Notebook.Load(path);
        }

        private static (int ExitCode, string Output) Python(string code, params string[] args)
        {
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(code);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
    }
}
