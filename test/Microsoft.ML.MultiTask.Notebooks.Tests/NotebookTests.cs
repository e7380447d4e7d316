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
    /// <summary>Runs every notebook under docs/notebooks as a program, the way a user's kernel would, against freshly packed packages.</summary>
    [TestClass]
    public sealed class NotebookTests
    {
        private static string _root = null!;

        private static string NotebookFolder => Path.Combine(_root, "docs", "notebooks");

        private static IEnumerable<string> Notebooks => Directory.GetFiles(NotebookFolder, "*.ipynb").OrderBy(p => p, StringComparer.Ordinal);

        [ClassInitialize]
        public static void Pack(TestContext context)
        {
            _root = LocalPackages.FindRepositoryRoot(AppContext.BaseDirectory);
            LocalPackages.Pack(_root);
        }

        [TestMethod]
        public void EveryNotebookRunsGreenAndItsSavedOutputsComeFromSuchARun()
        {
            Assert.IsGreaterThanOrEqualTo(3, Notebooks.Count());
            // In name order: 03 deploys the zip that 02 saves.
            foreach (var path in Notebooks)
            {
                var notebook = Notebook.Load(path);
                var run = NotebookExecutor.Run(notebook, WorkFolder(), TimeSpan.FromMinutes(10));
                Assert.IsTrue(run.Succeeded, run.ToString());
                var saved = SavedOutputs(path);
                Assert.HasCount(run.Outputs.Count, saved, $"{Path.GetFileName(path)}: code cells");
                for (int cell = 0; cell < run.Outputs.Count; cell++)
                {
                    // Figures such as rows/s differ between runs; the kind and number of outputs may not.
                    CollectionAssert.AreEqual(run.Outputs[cell].Select(o => o.Html == null ? "text" : "html").ToArray(), saved[cell],
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
            var run = NotebookExecutor.Run(notebook, WorkFolder(), TimeSpan.FromMinutes(5));
            Assert.IsFalse(run.Succeeded);
            Assert.AreEqual(2, run.FailedCell);
            StringAssert.Contains(run.Error, "deliberately broken");
            Assert.AreEqual("first cell ran\n", run.Outputs[0].Single().Text);
            Assert.IsEmpty(run.Outputs[2]);
        }

        [TestMethod]
        public void ACellThatDoesNotCompileFailsTheRunAndIsNamed()
        {
            var notebook = TemporaryNotebook("var ok = 1;", "int broken = \"text\";");
            var run = NotebookExecutor.Run(notebook, WorkFolder(), TimeSpan.FromMinutes(5));
            Assert.IsFalse(run.Succeeded);
            Assert.AreEqual(2, run.FailedCell);
            StringAssert.Contains(run.Error, "CS0029");
        }

        [TestMethod]
        public void CellsBecomeOneProgram()
        {
            var notebook = TemporaryNotebook(
                "#i \"nuget: ../packages\"\n#r \"nuget: Microsoft.ML, 5.0.1\"\nusing System.Text;",
                "public sealed class Row { public float X { get; set; } }",
                "var row = new Row { X = 1 };\ndisplay(HTML(\"<b>\" + row.X + \"</b>\"));");
            var program = NotebookProgram.From(notebook);
            var lines = program.Text.Split('\n');
            Assert.AreEqual("#:package Microsoft.ML@5.0.1", lines[0]);
            Assert.IsLessThan(Array.IndexOf(lines, "var row = new Row { X = 1 };"), Array.IndexOf(lines, "using System.Text;"), "using directives go first");
            Assert.IsGreaterThan(Array.IndexOf(lines, "var row = new Row { X = 1 };"), Array.IndexOf(lines, "public sealed class Row { public float X { get; set; } }"), "type declarations follow the statements");
            Assert.AreEqual(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(notebook.Path)!, "../packages")), program.Sources.Single());
            Assert.AreEqual(2, program.CellOfLine(Array.IndexOf(lines, "var row = new Row { X = 1 };") + 1));
            var unsupported = TemporaryNotebook("#!fsharp\nlet x = 1");
            Assert.ThrowsExactly<NotSupportedException>(() => NotebookProgram.From(unsupported));
        }

        private static string WorkFolder() => Path.Combine(Path.GetTempPath(), "multitask-notebook-tests", Guid.NewGuid().ToString("N"));

        /// <summary>Each code cell's saved outputs as "text" / "html".</summary>
        private static List<string[]> SavedOutputs(string path)
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
            return root["cells"]!.AsArray().Where(c => c!["cell_type"]!.GetValue<string>() == "code")
                .Select(c => c!["outputs"]!.AsArray().Select(o => o!["output_type"]!.GetValue<string>() == "stream" ? "text" : "html").ToArray()).ToList();
        }

        private static Notebook TemporaryNotebook(params string[] codeCells)
        {
            string folder = Directory.CreateTempSubdirectory("multitask-notebook-").FullName;
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
