using System;
using System.IO;
using System.Linq;
using Microsoft.ML.MultiTask.Benchmarks;

// dotnet run -c Release --project test/Microsoft.ML.MultiTask.Benchmarks [-- --quick] [-- --tail: sections 8 to 13 only | --kinds: sections 10 and 11 | --transfer: sections 12 and 13; spliced into docs/benchmarks.md]
// Prints the markdown report and writes it to docs/benchmarks.md (the full run only).

// Before anything loads OpenMP (see OpenMpWaitPolicy): a LightGBM fit must not slow the TorchSharp fits measured after it.
if (OpenMpWaitPolicy.RunWithPassiveWaitPolicy(args) is int exitCode)
{
    return exitCode;
}
bool quick = Array.IndexOf(args, "--quick") >= 0;
bool tailOnly = Array.IndexOf(args, "--tail") >= 0;
bool kindsOnly = Array.IndexOf(args, "--kinds") >= 0;
bool transferOnly = Array.IndexOf(args, "--transfer") >= 0;
var settings = quick ? BenchmarkSettings.Tiny : BenchmarkSettings.Full;
// --sets=Wine,Scene: only these data sets in the accuracy section (an exploratory run).
var sets = Array.Find(args, a => a.StartsWith("--sets=", StringComparison.Ordinal));
if (sets != null)
{
    settings = settings with { AccuracyDataSets = sets.Substring("--sets=".Length).Split(',') };
}
// --seeds=1,2: other seeds (an exploratory run; the published report uses the defaults).
var seeds = Array.Find(args, a => a.StartsWith("--seeds=", StringComparison.Ordinal));
if (seeds != null)
{
    settings = settings with { Seeds = seeds.Substring("--seeds=".Length).Split(',').Select(int.Parse).ToArray() };
}
string report = transferOnly ? BenchmarkRunner.RunTransfer(settings, Console.Error)
    : kindsOnly ? BenchmarkRunner.RunTaskKinds(settings, Console.Error)
    : tailOnly ? BenchmarkRunner.RunTail(settings, Console.Error)
    : BenchmarkRunner.Run(settings, Console.Error);
Console.WriteLine(report);
if (!quick)
{
    string? folder = AppContext.BaseDirectory;
    while (folder != null && !File.Exists(Path.Combine(folder, "Microsoft.ML.MultiTask.sln")))
    {
        folder = Path.GetDirectoryName(folder);
    }
    if (folder != null)
    {
        string path = Path.Combine(folder, "docs", "benchmarks.md");
        if (tailOnly || kindsOnly || transferOnly)
        {
            // Replace the regenerated sections (or append them) and keep the others.
            string first = transferOnly ? BenchmarkReport.LabelScarcity : kindsOnly ? BenchmarkReport.TaskKinds : BenchmarkReport.Relatedness;
            string last = kindsOnly ? BenchmarkReport.ManyTasks : BenchmarkReport.Tuning;
            report = BenchmarkReport.Splice(File.ReadAllText(path), report, first, last);
        }
        File.WriteAllText(path, report);
        Console.Error.WriteLine($"Wrote {path}");
    }
}
return 0;
