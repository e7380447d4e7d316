using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>Wall time and peak resident-memory growth of one piece of work, measured in this process.</summary>
    public readonly record struct Measurement(TimeSpan Elapsed, double PeakMemoryMegabytes)
    {
        /// <summary>Runs <paramref name="work"/> while a thread samples the resident set size every 10 ms.</summary>
        public static (T Result, Measurement Cost) Of<T>(Func<T> work)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long baseline = ResidentBytes();
            long peak = baseline;
            using var done = new ManualResetEventSlim();
            var sampler = new Thread(() =>
            {
                do
                {
                    peak = Math.Max(peak, ResidentBytes());
                }
                while (!done.Wait(10));
            }) { IsBackground = true };
            sampler.Start();
            var clock = Stopwatch.StartNew();
            T result;
            try
            {
                result = work();
            }
            finally
            {
                clock.Stop();
                done.Set();
                sampler.Join();
            }
            peak = Math.Max(peak, ResidentBytes());
            return (result, new Measurement(clock.Elapsed, (peak - baseline) / (1024.0 * 1024.0)));
        }

        /// <summary>VmRSS from /proc (Linux); the working set elsewhere.</summary>
        private static long ResidentBytes()
        {
            if (OperatingSystem.IsLinux())
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
                    }
                }
            }
            return Environment.WorkingSet;
        }
    }
}
