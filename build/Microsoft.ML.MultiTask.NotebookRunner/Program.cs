using System;
using System.IO;
using System.Linq;
using Microsoft.ML.MultiTask.NotebookRunner;

// dotnet run --project build/Microsoft.ML.MultiTask.NotebookRunner -- [notebook.ipynb ...] [--write-outputs] [--pack-only]
// Runs each notebook on the real C# kernel (see NotebookExecutor). With no notebook, runs docs/notebooks/*.ipynb in name order. Packs the library first (see LocalPackages).
// --write-outputs saves each successful run's outputs into its notebook.
string root = LocalPackages.FindRepositoryRoot(AppContext.BaseDirectory);
bool write = args.Contains("--write-outputs");
string version = LocalPackages.Pack(root);
Console.WriteLine($"Packed {version} into {LocalPackages.Folder(root)}");
if (args.Contains("--pack-only"))
{
    return 0;
}
var notebooks = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
if (notebooks.Count == 0)
{
    notebooks = Directory.GetFiles(Path.Combine(root, "docs", "notebooks"), "*.ipynb").OrderBy(p => p, StringComparer.Ordinal).ToList();
}
int failures = 0;
foreach (var path in notebooks)
{
    var notebook = Notebook.Load(path);
    var problems = notebook.Validate();
    if (problems.Count > 0)
    {
        Console.WriteLine($"{path}: not valid nbformat 4: {string.Join("; ", problems)}");
        failures++;
        continue;
    }
    var run = await NotebookExecutor.RunAsync(notebook, TimeSpan.FromMinutes(10));
    Console.WriteLine(run);
    if (!run.Succeeded)
    {
        failures++;
    }
    else if (write)
    {
        notebook.SetOutputs(run.Outputs);
        notebook.Save();
    }
}
return failures == 0 ? 0 : 1;
