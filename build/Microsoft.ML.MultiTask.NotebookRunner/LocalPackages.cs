using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Microsoft.ML.MultiTask.NotebookRunner
{
    /// <summary>
    /// Packs the library and its chart helper into artifacts/packages, the folder the notebooks add with
    /// <c>#i "nuget: ../../artifacts/packages"</c>. Every pack gets a new version (0.1.0-dev.&lt;UTC time&gt;), so the
    /// notebooks' <c>0.1.0-*</c> reference resolves to this build and never to a stale copy in the NuGet cache.
    /// </summary>
    public static class LocalPackages
    {
        public static readonly string[] Projects = { "src/Microsoft.ML.MultiTask/Microsoft.ML.MultiTask.csproj", "src/Microsoft.ML.MultiTask.Charts/Microsoft.ML.MultiTask.Charts.csproj" };

        public static string Folder(string repositoryRoot) => Path.Combine(repositoryRoot, "artifacts", "packages");

        /// <summary>Packs <see cref="Projects"/> into <see cref="Folder"/> with one new version; returns it.</summary>
        public static string Pack(string repositoryRoot) => Pack(repositoryRoot, Folder(repositoryRoot), Projects);

        /// <summary>Packs <paramref name="projects"/> (paths from the repository root) into <paramref name="folder"/> with one new version; returns it.</summary>
        public static string Pack(string repositoryRoot, string folder, IEnumerable<string> projects)
        {
            // The notebook and tool tests both pack the library, and dotnet test may run them at once: one pack at a time.
            using var gate = Gate(repositoryRoot);
            string version = $"0.1.0-dev.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
            Directory.CreateDirectory(folder);
            foreach (var old in Directory.GetFiles(folder, "Microsoft.ML.MultiTask*.nupkg"))
            {
                File.Delete(old);
            }
            foreach (var project in projects)
            {
                var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var argument in new[] { "pack", project, "-c", "Release", "-o", folder, $"-p:Version={version}" })
                {
                    start.ArgumentList.Add(argument);
                }
                using var process = Process.Start(start)!;
                string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"dotnet pack {project} failed:\n{output}");
                }
            }
            return version;
        }

        /// <summary>An exclusive lock on a file in artifacts/, held until disposed; waits up to 10 minutes for another pack.</summary>
        private static FileStream Gate(string repositoryRoot)
        {
            string path = Path.Combine(repositoryRoot, "artifacts", "pack.lock");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var waited = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(10))
                {
                    System.Threading.Thread.Sleep(500);
                }
            }
        }

        /// <summary>The folder holding Microsoft.ML.MultiTask.sln, from <paramref name="start"/> upwards.</summary>
        public static string FindRepositoryRoot(string start)
        {
            for (var folder = new DirectoryInfo(start); folder != null; folder = folder.Parent)
            {
                if (folder.GetFiles("Microsoft.ML.MultiTask.sln").Any())
                {
                    return folder.FullName;
                }
            }
            throw new DirectoryNotFoundException($"No Microsoft.ML.MultiTask.sln above '{start}'.");
        }
    }
}
