using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.MultiTask.NotebookRunner;
using Microsoft.ML.OnnxRuntime;
using Microsoft.VisualStudio.TestTools.UnitTesting;

[assembly: DoNotParallelize]

namespace Microsoft.ML.MultiTask.Cli.Tests
{
    /// <summary>
    /// The mlnet-mt tool as a user gets it: packed with the library, installed with <c>dotnet tool install</c>, run as a
    /// process on the penguins CSV. One training run (in <see cref="Install"/>) serves every test.
    /// </summary>
    [TestClass]
    public sealed class ToolTests
    {
        private static readonly TimeSpan Minutes5 = TimeSpan.FromMinutes(5);
        private static string _work = null!;
        private static string _packages = null!;
        private static string _tool = null!;
        private static ToolProcess.Result _train = null!;

        private static string Model => Path.Combine(_work, "model", "model.zip");

        [ClassInitialize]
        public static void Install(TestContext context)
        {
            string root = LocalPackages.FindRepositoryRoot(AppContext.BaseDirectory);
            _work = Directory.CreateTempSubdirectory("mlnet-mt-tests-").FullName;
            _packages = Path.Combine(_work, "packages");
            string version = LocalPackages.Pack(root, _packages, LocalPackages.Projects.Append("src/Microsoft.ML.MultiTask.Cli/Microsoft.ML.MultiTask.Cli.csproj"));
            string tools = Path.Combine(_work, "tools");
            var install = ToolProcess.Run("dotnet", _work, Minutes5, "tool", "install", "Microsoft.ML.MultiTask.Cli", "--version", version, "--tool-path", tools, "--add-source", _packages);
            Assert.AreEqual(0, install.ExitCode, install.ToString());
            _tool = Path.Combine(tools, "mlnet-mt");
            File.Copy(Path.Combine(root, "docs", "samples", "data", "penguins", "penguins.csv"), Path.Combine(_work, "penguins.csv"));
            _train = Tool("train", "--dataset", "penguins.csv", "--task", "species", "--task", "sex", "--task", "mass:regression=body_mass_g", "--epochs", "20", "--output", "model");
        }

        [ClassCleanup]
        public static void Remove()
        {
            // The installed tool carries libtorch (over 1 GB unpacked).
            Directory.Delete(_work, recursive: true);
        }

        [TestMethod]
        public void TrainInfersTheTasksAndWritesTheZipMetricsAndCharts()
        {
            Assert.AreEqual(0, _train.ExitCode, _train.ToString());
            StringAssert.Contains(_train.Output, "Task species: multiclass on 'species', 3 classes (inferred from its values).");
            StringAssert.Contains(_train.Output, "Task sex: binary on 'sex':");
            StringAssert.Contains(_train.Output, "| island | String | Categorical |");
            StringAssert.Contains(_train.Output, "epoch 20/20");
            Assert.IsTrue(File.Exists(Model));

            var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_work, "model", "metrics.json")))!;
            var tasks = metrics["tasks"]!.AsArray();
            CollectionAssert.AreEqual(new[] { "species", "sex", "mass" }, tasks.Select(t => t!["name"]!.GetValue<string>()).ToArray());
            Assert.IsGreaterThan(0.9, tasks[0]!["metrics"]!["MicroAcc"]!.GetValue<double>(), "species is easy to tell from the bill and flipper");
            Assert.IsGreaterThan(0.8, tasks[1]!["metrics"]!["AUC"]!.GetValue<double>());
            Assert.IsGreaterThan(0.5, tasks[2]!["metrics"]!["R2"]!.GetValue<double>());
            foreach (var chart in new[] { "loss-curves.png", "metrics.png" })
            {
                var bytes = File.ReadAllBytes(Path.Combine(_work, "model", "charts", chart));
                CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4).ToArray(), chart);
            }
        }

        [TestMethod]
        public void TheGeneratedProjectBuildsAndPredictsWhatPredictWrites()
        {
            string project = Path.Combine(_work, "model", "Penguins.ConsoleApp");
            // The user's machine has the package on NuGet; here it is in the folder the test packed into.
            File.WriteAllText(Path.Combine(project, "NuGet.config"),
                $"<configuration><packageSources><add key=\"local\" value=\"{_packages}\" /></packageSources></configuration>");
            var run = ToolProcess.Run("dotnet", project, Minutes5, "run");
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            var printed = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(": ", 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
            CollectionAssert.IsSubsetOf(new[] { "species.Score", "species.PredictedLabel", "sex.Probability", "sex.PredictedLabel", "mass.Score" }, printed.Keys.ToArray(), run.Output);

            var predict = Tool("predict", "--model", Model, "--dataset", "penguins.csv", "--output", "all.csv");
            Assert.AreEqual(0, predict.ExitCode, predict.ToString());
            var rows = Csv(Path.Combine(_work, "all.csv"));
            // The program predicts one row of the data set: some row of predict's output has exactly its values.
            Assert.IsTrue(rows.Any(r => r["species.PredictedLabel"] == printed["species.PredictedLabel"]
                && Number(r["sex.Probability"]) == Number(printed["sex.Probability"]) && Number(r["mass.Score"]) == Number(printed["mass.Score"])),
                $"no row of predict's output matches the generated program's: {run.Output}");
        }

        [TestMethod]
        public void PredictWritesEveryTaskForRowsWithoutLabels()
        {
            var lines = File.ReadAllLines(Path.Combine(_work, "penguins.csv"));
            // Only the features: species, body mass and sex left out, columns in another order.
            File.WriteAllLines(Path.Combine(_work, "new.csv"), lines.Select(l => l.Split(',')).Select(f => string.Join(",", f[7], f[4], f[3], f[2], f[1])));
            var predict = Tool("predict", "--model", Model, "--dataset", "new.csv", "--output", "predictions.csv");
            Assert.AreEqual(0, predict.ExitCode, predict.ToString());
            StringAssert.Contains(predict.Error, "no column 'species'; it is read as missing");
            var rows = Csv(Path.Combine(_work, "predictions.csv"));
            Assert.HasCount(lines.Length - 1, rows);
            CollectionAssert.AreEqual(new[] { "species.Score[Adelie]", "species.Score[Gentoo]", "species.Score[Chinstrap]", "species.PredictedLabel", "sex.Score", "sex.Probability", "sex.PredictedLabel", "mass.Score" },
                rows[0].Keys.ToArray());
            Assert.AreEqual("Adelie", rows[0]["species.PredictedLabel"], "the first penguin is an Adelie with a short bill");
            Assert.IsTrue(rows.All(r => Number(r["mass.Score"]) > 2000 && Number(r["mass.Score"]) < 7000), "body masses in grams");

            var all = Csv(Path.Combine(_work, "all-for-order.csv"), Tool("predict", "--model", Model, "--dataset", "penguins.csv", "--output", "all-for-order.csv"));
            CollectionAssert.AreEqual(all.Select(r => r["mass.Score"]).ToArray(), rows.Select(r => r["mass.Score"]).ToArray(), "found by name, the reordered columns predict the same");
        }

        [TestMethod]
        public void EvaluateGivesTheMetricsOfTheZipOnLabelledData()
        {
            var evaluate = Tool("evaluate", "--model", Model, "--dataset", "penguins.csv", "--output", "evaluation.json");
            Assert.AreEqual(0, evaluate.ExitCode, evaluate.ToString());
            StringAssert.Contains(evaluate.Output, "MicroAcc");
            var tasks = JsonNode.Parse(File.ReadAllText(Path.Combine(_work, "evaluation.json")))!["tasks"]!.AsArray();
            Assert.AreEqual(344, tasks[0]!["labelledRows"]!.GetValue<int>(), "every penguin has a species");
            Assert.AreEqual(333, tasks[1]!["labelledRows"]!.GetValue<int>(), "11 penguins have no recorded sex (NA)");
        }

        [TestMethod]
        public void ExportOnnxWritesAGraphThatOnnxRuntimeRuns()
        {
            var export = Tool("export-onnx", "--model", Model, "--output", "model.onnx");
            Assert.AreEqual(0, export.ExitCode, export.ToString());
            using var session = new InferenceSession(Path.Combine(_work, "model.onnx"));
            CollectionAssert.IsSubsetOf(new[] { "species.PredictedLabel", "sex.Probability", "mass.Score" }, session.OutputMetadata.Keys.ToArray());
        }

        [TestMethod]
        public void AnalyzeReportsHowRelatedTheTasksAre()
        {
            var analyze = Tool("analyze", "--dataset", "penguins.csv", "--task", "species", "--task", "mass:regression=body_mass_g", "--epochs", "3", "--output", "analysis");
            Assert.AreEqual(0, analyze.ExitCode, analyze.ToString());
            StringAssert.Contains(analyze.Output, "| lookahead affinity | species | mass |");
            StringAssert.Contains(analyze.Output, "| gradient cosine | species | mass |");
            Assert.IsTrue(File.Exists(Path.Combine(_work, "analysis", "affinity.png")));
        }

        [TestMethod]
        public void TrainWithTrialsSearchesAndKeepsTheBestTrial()
        {
            // The trials train from a temporary file, which goes with them.
            Directory.CreateDirectory(Path.Combine(_work, "scratch"));
            var tune = Tool("train", "--dataset", "penguins.csv", "--task", "species", "--task", "mass:regression=body_mass_g", "--epochs", "5", "--trials", "3", "--architecture", "hard-sharing", "--output", "tuned", "--temp-dir", "scratch");
            Assert.AreEqual(0, tune.ExitCode, tune.ToString());
            StringAssert.Contains(tune.Output, "| trial | status | objective | epochs | seconds | LearningRate | Dropout | WeightDecay | BatchSize |", "the architecture was given, so it is not searched");
            Assert.AreEqual(1, tune.Output.Split('\n').Count(l => l.Contains(" (best) | Completed |", StringComparison.Ordinal)), tune.Output);
            Assert.IsTrue(File.Exists(Path.Combine(_work, "tuned", "model.zip")));
            Assert.IsEmpty(Directory.GetFileSystemEntries(Path.Combine(_work, "scratch")));
        }

        [TestMethod]
        public void HelpListsEveryCommandAndItsOptions()
        {
            var root = Tool("--help");
            Assert.AreEqual(0, root.ExitCode, root.ToString());
            foreach (var command in new[] { "train", "evaluate", "predict", "export-onnx", "analyze" })
            {
                StringAssert.Contains(root.Output, command);
                var help = Tool(command, "--help");
                Assert.AreEqual(0, help.ExitCode, help.ToString());
                StringAssert.Contains(help.Output, command == "export-onnx" ? "--model" : "--dataset");
            }
        }

        [TestMethod]
        public void BadInputIsOneClearErrorLineAndExitCodeOne()
        {
            File.WriteAllText(Path.Combine(_work, "empty.csv"), string.Empty);
            File.WriteAllText(Path.Combine(_work, "ragged.csv"), "a,b,c\n1,2,3\n4,5\n");
            File.WriteAllText(Path.Combine(_work, "duplicate.csv"), "a,b,a\n1,2,3\n4,5,6\n");
            var ml = new MLContext(seed: 1);
            var plain = ml.Data.LoadFromEnumerable(new[] { new Row { X = 1 }, new Row { X = 2 } });
            ml.Model.Save(ml.Transforms.NormalizeMinMax("X").Fit(plain), plain.Schema, Path.Combine(_work, "plain.zip"));
            var cases = new (string[] Arguments, string Expected)[]
            {
                (new[] { "train", "-d", "missing.csv", "-t", "x" }, "file '" + Path.Combine(_work, "missing.csv") + "' does not exist"),
                (new[] { "train", "-d", "empty.csv", "-t", "x" }, "is empty"),
                (new[] { "train", "-d", "ragged.csv", "-t", "a" }, "record 3 has 2 fields where the first has 3"),
                (new[] { "train", "-d", "duplicate.csv", "-t", "b" }, "the header names column 'a' 2 times"),
                (new[] { "train", "-d", "penguins.csv", "-t", "wingspan" }, "--task wingspan: the data set has no column 'wingspan'"),
                (new[] { "train", "-d", "penguins.csv", "-t", "species:regression" }, "a regression task needs numbers, but 'species' holds text (e.g. 'Adelie')"),
                (new[] { "train", "-d", "penguins.csv", "-t", "island:binary" }, "a binary task needs two values, but 'island' has 3"),
                (new[] { "train", "-d", "penguins.csv", "-t", "species", "--time", "0" }, "--time is a training time budget in seconds and must be at least 1; got 0."),
                (new[] { "train", "-d", "penguins.csv", "-t", "species:guess" }, "unknown kind 'guess'"),
                (new[] { "train", "-d", "penguins.csv", "-t", "species", "--architecture", "transformer" }, "unknown architecture 'transformer'"),
                (new[] { "evaluate", "-m", "plain.zip", "-d", "penguins.csv" }, "is an ML.NET model zip without a multi-task model"),
                (new[] { "evaluate", "-m", "penguins.csv", "-d", "penguins.csv" }, "is not an ML.NET model zip"),
                (new[] { "predict", "-m", "missing.zip", "-d", "penguins.csv", "-o", "p.csv" }, "does not exist"),
                (new[] { "train", "-d", "penguins.csv" }, "Option '--task' is required."),
                (new[] { "train", "-d", "penguins.csv", "-t", "species", "--trials", "0" }, "--trials must be at least 1; got 0."),
                (new[] { "train", "-d", "penguins.csv", "-t", "species", "--temp-dir", "nowhere" }, "--temp-dir '" + Path.Combine(_work, "nowhere") + "' does not exist"),
            };
            foreach (var (arguments, expected) in cases)
            {
                var run = Tool(arguments);
                string what = string.Join(' ', arguments) + "\n" + run;
                Assert.AreEqual(1, run.ExitCode, what);
                StringAssert.Contains(run.Error, expected, what);
                Assert.IsFalse(run.Error.Contains("   at ", StringComparison.Ordinal), "no stack trace: " + what);
            }
        }

        private static ToolProcess.Result Tool(params string[] arguments) => ToolProcess.Run(_tool, _work, Minutes5, arguments);

        private static float Number(string text) => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

        /// <summary>A CSV file written by predict (no quoted fields here) as one dictionary per row.</summary>
        private static List<Dictionary<string, string>> Csv(string path, ToolProcess.Result? writer = null)
        {
            Assert.IsTrue(writer == null || writer.ExitCode == 0, writer?.ToString());
            var lines = File.ReadAllLines(path);
            var header = lines[0].Split(',');
            return lines.Skip(1).Select(l => header.Zip(l.Split(','), (h, v) => (h, v)).ToDictionary(p => p.h, p => p.v)).ToList();
        }

        private sealed class Row
        {
            public float X { get; set; }
        }
    }
}
