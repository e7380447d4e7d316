using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Deployment
{
    /// <summary>Runs the trainer once, in its own process, and shares its output folder with all tests.</summary>
    [TestClass]
    public static class DeploymentFixture
    {
        public static string Folder { get; private set; } = string.Empty;

        public static string PenguinsCsv => Path.Combine(AppContext.BaseDirectory, "data", "penguins.csv");

        public static string PathOf(string file) => Path.Combine(Folder, file);

        [AssemblyInitialize]
        public static void Train(TestContext context) => Folder = RunTrainer();

        /// <summary>Runs the trainer in a new process and returns the folder it wrote the model files into.</summary>
        public static string RunTrainer()
        {
            string trainer = typeof(DeploymentFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TrainerAssembly").Value!;
            Assert.IsTrue(File.Exists(trainer), $"The trainer was not built: {trainer}");
            string folder = Path.Combine(Path.GetTempPath(), $"multitask-deployment-{Guid.NewGuid():N}");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { trainer, PenguinsCsv, folder })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            Assert.IsTrue(process.WaitForExit(300_000), "the trainer did not finish in 5 minutes");
            Assert.AreEqual(0, process.ExitCode, output);
            return folder;
        }

        [AssemblyCleanup]
        public static void Clean()
        {
            if (Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }
        }
    }
}
