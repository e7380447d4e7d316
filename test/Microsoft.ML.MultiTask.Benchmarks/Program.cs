using System;
using System.IO;
using System.Linq;
using Microsoft.ML.MultiTask.Benchmarks;

// dotnet run -c Release --project test/Microsoft.ML.MultiTask.Benchmarks [-- --quick] [-- --tail: sections 8 to 11 only | --kinds: sections 10 and 11 only; spliced into docs/benchmarks.md]
// Prints the markdown report and writes it to docs/benchmarks.md (the full run only).

// Before anything loads OpenMP (see OpenMpWaitPolicy): a LightGBM fit must not slow the TorchSharp fits measured after it.
if (OpenMpWaitPolicy.RunWithPassiveWaitPolicy(args) is int exitCode)
{
    return exitCode;
}
bool quick = Array.IndexOf(args, "--quick") >= 0;
bool tailOnly = Array.IndexOf(args, "--tail") >= 0;
bool kindsOnly = Array.IndexOf(args, "--kinds") >= 0;
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
string report = kindsOnly ? BenchmarkRunner.RunTaskKinds(settings, Console.Error)
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
        if (tailOnly || kindsOnly)
        {
            // Sections 8 to 11 (or 10 and 11) are the last ones: replace them (or append them) and keep the sections before.
            string existing = File.ReadAllText(path);
            int start = existing.IndexOf(kindsOnly ? BenchmarkReport.TaskKinds : BenchmarkReport.Relatedness, StringComparison.Ordinal);
            report = (start < 0 ? existing : existing.Substring(0, start).TrimEnd() + Environment.NewLine) + report;
        }
        File.WriteAllText(path, report);
        Console.Error.WriteLine($"Wrote {path}");
    }
}
return 0;
