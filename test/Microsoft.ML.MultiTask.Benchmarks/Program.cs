using System;
using System.IO;
using Microsoft.ML.MultiTask.Benchmarks;

// dotnet run -c Release --project test/Microsoft.ML.MultiTask.Benchmarks [-- --quick]
// Prints the markdown report and writes it to docs/benchmarks.md (the full run only).

// Before anything loads OpenMP (see OpenMpWaitPolicy): a LightGBM fit must not slow the TorchSharp fits measured after it.
if (OpenMpWaitPolicy.RunWithPassiveWaitPolicy(args) is int exitCode)
{
    return exitCode;
}
bool quick = Array.IndexOf(args, "--quick") >= 0;
string report = BenchmarkRunner.Run(quick ? BenchmarkSettings.Tiny : BenchmarkSettings.Full, Console.Error);
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
        File.WriteAllText(path, report);
        Console.Error.WriteLine($"Wrote {path}");
    }
}
return 0;
