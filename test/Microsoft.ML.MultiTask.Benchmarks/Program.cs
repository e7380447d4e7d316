using System;
using System.IO;
using System.Linq;
using Microsoft.ML.MultiTask.Benchmarks;

// dotnet run -c Release --project test/Microsoft.ML.MultiTask.Benchmarks [-- --quick] [-- --head: sections 1 to 5 | --tail: 8 to 14 | --kinds: 10 and 11 | --transfer: 12 and 13 | --scale [--scale-10m]: 14; spliced into docs/benchmarks.md]
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
bool headOnly = Array.IndexOf(args, "--head") >= 0;
bool scaleOnly = Array.IndexOf(args, "--scale") >= 0;
var settings = quick ? BenchmarkSettings.Tiny : BenchmarkSettings.Full;
// --sets=Wine,Scene: only these data sets in the accuracy section (an exploratory run).
var sets = Array.Find(args, a => a.StartsWith("--sets=", StringComparison.Ordinal));
if (sets != null)
{
    settings = settings with { AccuracyDataSets = sets.Substring("--sets=".Length).Split(',') };
}
// --scale-10m: section 14 also with 10,000,000 rows (not part of the published run: it takes long).
if (Array.IndexOf(args, "--scale-10m") >= 0)
{
    settings = settings with { ScaleRows = settings.ScaleRows.Append(10_000_000).ToArray() };
}
// --seeds=1,2: other seeds (an exploratory run; the published report uses the defaults).
var seeds = Array.Find(args, a => a.StartsWith("--seeds=", StringComparison.Ordinal));
if (seeds != null)
{
    settings = settings with { Seeds = seeds.Substring("--seeds=".Length).Split(',').Select(int.Parse).ToArray() };
}
string report = scaleOnly ? BenchmarkRunner.RunRowScale(settings, Console.Error)
    : headOnly ? BenchmarkRunner.RunHead(settings, Console.Error)
    : transferOnly ? BenchmarkRunner.RunTransfer(settings, Console.Error)
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
        if (tailOnly || kindsOnly || transferOnly || headOnly || scaleOnly)
        {
            // Replace the regenerated sections (or append them) and keep the others.
            string first = scaleOnly ? BenchmarkReport.RowScale : headOnly ? BenchmarkReport.Accuracy : transferOnly ? BenchmarkReport.LabelScarcity : kindsOnly ? BenchmarkReport.TaskKinds : BenchmarkReport.Relatedness;
            string last = scaleOnly ? BenchmarkReport.RowScale : headOnly ? BenchmarkReport.Scale : kindsOnly ? BenchmarkReport.ManyTasks : transferOnly ? BenchmarkReport.Tuning : BenchmarkReport.RowScale;
            string flag = scaleOnly ? "--scale" : headOnly ? "--head" : transferOnly ? "--transfer" : kindsOnly ? "--kinds" : "--tail";
            string Number(string heading) => heading.Substring(3, heading.IndexOf('.') - 3);
            string stamp = $"_{(first == last ? "Section " + Number(first) : Number(first) + "–" + Number(last))} regenerated on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `{flag}` " +
                $"(machine: {Environment.ProcessorCount} cores, {BenchmarkRunner.CpuModel()}); the other sections come from the run dated above._";
            report = BenchmarkReport.Splice(File.ReadAllText(path), report, first, last, stamp);
        }
        File.WriteAllText(path, report);
        Console.Error.WriteLine($"Wrote {path}");
    }
}
return 0;
