using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>
    /// Runs the benchmark with OMP_WAIT_POLICY=PASSIVE. By default OpenMP threads spin while they wait for work: LightGBM's after
    /// its fits, libtorch's between operations. Spinning threads take the cores of the TorchSharp fits measured next, up to 10x
    /// their time. OpenMP reads the variable once, when it loads, from the native environment, which
    /// Environment.SetEnvironmentVariable does not change on Linux; so the benchmark starts itself again with the variable set.
    /// </summary>
    public static class OpenMpWaitPolicy
    {
        public const string Variable = "OMP_WAIT_POLICY";

        public const string Passive = "PASSIVE";

        /// <summary>
        /// The command that runs this program again with the variable set, or null when it is set already (to any value, so an
        /// explicit choice is kept).
        /// </summary>
        /// <param name="current">The variable's value in this process, or null.</param>
        /// <param name="processPath">This process's executable: the app host, or the dotnet host.</param>
        /// <param name="entryAssemblyPath">The program's assembly, which the dotnet host needs as its first argument.</param>
        /// <param name="args">The program's arguments.</param>
        public static ProcessStartInfo? Restart(string? current, string processPath, string entryAssemblyPath, IReadOnlyList<string> args)
        {
            if (!string.IsNullOrEmpty(current))
            {
                return null;
            }
            var start = new ProcessStartInfo(processPath) { UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
            {
                start.ArgumentList.Add(entryAssemblyPath);
            }
            foreach (string argument in args)
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment[Variable] = Passive;
            return start;
        }

        /// <summary>Runs this program again with the variable set when it is not, and gives that run's exit code; null when this process should run the benchmark.</summary>
        public static int? RunWithPassiveWaitPolicy(string[] args)
        {
            var start = Restart(Environment.GetEnvironmentVariable(Variable), Environment.ProcessPath!, typeof(OpenMpWaitPolicy).Assembly.Location, args);
            if (start == null)
            {
                return null;
            }
            using var child = Process.Start(start)!;
            child.WaitForExit();
            return child.ExitCode;
        }

        /// <summary>The variable as native libraries read it: from the environment the process started with (/proc/self/environ on Linux).</summary>
        public static string NativeValue()
        {
            const string environ = "/proc/self/environ";
            string? value = File.Exists(environ)
                ? File.ReadAllText(environ).Split('\0').Where(v => v.StartsWith(Variable + "=", StringComparison.Ordinal)).Select(v => v.Substring(Variable.Length + 1)).FirstOrDefault()
                : Environment.GetEnvironmentVariable(Variable);
            return string.IsNullOrEmpty(value) ? "unset" : value;
        }
    }
}
