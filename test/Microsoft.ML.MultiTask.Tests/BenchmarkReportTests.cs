using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.ML.MultiTask.Benchmarks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class BenchmarkReportTests
    {
        [TestMethod]
        public void TheReportGeneratorWritesEverySectionWithMeasuredFigures()
        {
            var log = new StringWriter();
            string report = BenchmarkRunner.Run(BenchmarkSettings.Tiny, log);

            foreach (var section in BenchmarkReport.Sections)
            {
                StringAssert.Contains(report, section);
            }
            StringAssert.Contains(report, "Machine: ");
            StringAssert.Contains(report, "cores");
            foreach (var row in new[] { "| Income |", "| NeverMarried |", "| Species (micro-accuracy) |", "| Multi-task zip |", "| 2 LightGBM models |", "| Bare TorchSharp loop" })
            {
                StringAssert.Contains(report, row);
            }
            Assert.DoesNotContain("NaN", report, "every figure must come from a measurement");
            var aucs = Regex.Matches(report, @"\| Income \| ([0-9.]+) \| ([0-9.]+) \| ([0-9.]+) \| ([0-9.]+) \|").Single().Groups.Values.Skip(1).Select(g => double.Parse(g.Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.IsTrue(aucs.All(a => a > 0.5 && a <= 1), report);
            string Section(string heading, string next) => report.Substring(report.IndexOf(heading, System.StringComparison.Ordinal), report.IndexOf(next, System.StringComparison.Ordinal) - report.IndexOf(heading, System.StringComparison.Ordinal));
            var rowPattern = new Regex(@"^\| [0-9]+ \| [0-9.]+ s \|", RegexOptions.Multiline);
            Assert.AreEqual(BenchmarkSettings.Tiny.ScaleFractions.Length, rowPattern.Matches(Section(BenchmarkReport.Scale, BenchmarkReport.Architectures)).Count, "one scale row per fraction");
            Assert.AreEqual(ManyTaskBenchmarks.TaskCounts.Count, rowPattern.Matches(report.Substring(report.IndexOf(BenchmarkReport.ManyTasks, System.StringComparison.Ordinal))).Count, "one row per task count");
        }
    }
}
