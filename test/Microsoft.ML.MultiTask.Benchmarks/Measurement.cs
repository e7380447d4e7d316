using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>Wall time and peak resident-memory growth of one piece of work, measured in this process.</summary>
    public readonly record struct Measurement(TimeSpan Elapsed, double PeakMemoryMegabytes)
    {
        /// <summary>
        /// Runs <paramref name="work"/> and measures its peak resident memory above the start: on Linux the kernel's own
        /// high-water mark (VmHWM, reset through /proc/self/clear_refs before the work), which no peak escapes; elsewhere a
        /// thread sampling the resident set every 10 ms.
        /// </summary>
        public static (T Result, Measurement Cost) Of<T>(Func<T> work)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long baseline = ResidentBytes();
            if (ResetHighWaterMark())
            {
                var timer = Stopwatch.StartNew();
                var value = work();
                timer.Stop();
                return (value, new Measurement(timer.Elapsed, Math.Max(0, Status("VmHWM:") - baseline) / (1024.0 * 1024.0)));
            }
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
        private static long ResidentBytes() => OperatingSystem.IsLinux() ? Status("VmRSS:") : Environment.WorkingSet;

        /// <summary>Sets the process's VmHWM back to its current VmRSS (Linux 4.0+); false where that is not possible.</summary>
        private static bool ResetHighWaterMark()
        {
            if (!OperatingSystem.IsLinux())
            {
                return false;
            }
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>A size field of /proc/self/status, in bytes.</summary>
        private static long Status(string field)
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
                }
            }
            throw new InvalidOperationException($"/proc/self/status has no {field} line.");
        }
    }
}
