using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using TorchSharp;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// Loads TorchSharp's native library before training, so a machine that cannot load it gets an error that says why
    /// and what to do. TorchSharp 0.107 reports every load failure as "doesn't contain a reference to
    /// libtorch-cpu-linux-x64", also when the reference is there and only the system's libstdc++ is too old.
    /// </summary>
    internal static class TorchSharpRuntime
    {
        /// <summary>The libstdc++ symbol version TorchSharp 0.107's libLibTorchSharp.so asks for (GCC 13).</summary>
        internal const string GlibcxxVersion = "GLIBCXX_3.4.32";

        /// <summary>The loader's probes of paths where the library simply is not: noise next to the line that names the cause.</summary>
        private static readonly Regex ProbeMiss = new Regex(@"[/\\](lib)?LibTorchSharp(\.so|\.dylib|\.dll)?: cannot open shared object file", RegexOptions.CultureInvariant);

        /// <summary>Loads the native library (once per process; later calls only check a flag).</summary>
        public static void EnsureLoaded() => EnsureLoaded(() => torch.InitializeDeviceType(DeviceType.CPU), LoaderError);

        /// <param name="load">Loads TorchSharp's native library.</param>
        /// <param name="loaderError">The operating system loader's own message for LibTorchSharp, or null when it loads.</param>
        internal static void EnsureLoaded(Action load, Func<string?> loaderError)
        {
            try
            {
                load();
            }
            catch (Exception e) when (IsLoadFailure(e))
            {
                throw new InvalidOperationException(Explain(loaderError()), e);
            }
        }

        /// <summary>What the user reads: the cause the loader names, the fix, and how to check it.</summary>
        internal static string Explain(string? loaderError)
        {
            var text = new StringBuilder("TorchSharp's native library could not be loaded, so the multi-task trainer cannot train (scoring a saved model does not need it). ");
            if (loaderError != null && loaderError.Contains(GlibcxxVersion, StringComparison.Ordinal))
            {
                text.Append("This system's libstdc++ lacks ").Append(GlibcxxVersion).Append(" (GCC 13), which TorchSharp 0.107's libLibTorchSharp.so asks for; ")
                    .Append("Debian 12 and other systems with an older libstdc++ do not have it. The Microsoft.ML.MultiTask package's build fix ")
                    .Append("(buildTransitive/Microsoft.ML.MultiTask.targets, build/TorchSharpNativeCompat.targets in its repository) marks that one need weak ")
                    .Append("in the copy of libLibTorchSharp.so in the output folder, but it did not run for this one. Reference the package, or import that ")
                    .Append(".targets file when you reference the project or DLL; leave MultiTaskPatchTorchSharpNative unset; rebuild or republish and run from that folder. ")
                    .Append("Or install libstdc++ from GCC 13 or later. ");
            }
            else
            {
                text.Append("Reference libtorch's native package in the application that trains: libtorch-cpu-linux-x64 (the version TorchSharp 0.107 expects, 2.10.0), ")
                    .Append("or TorchSharp-cpu, which brings it; for CUDA, TorchSharp-cuda-linux or TorchSharp-cuda-windows. On a system with an older libstdc++ ")
                    .Append("(Debian 12) the Microsoft.ML.MultiTask package's build fix (buildTransitive/Microsoft.ML.MultiTask.targets) must also run for the output folder. ");
            }
            text.Append("To check: 'strings /usr/lib/x86_64-linux-gnu/libstdc++.so.6 | grep ").Append(GlibcxxVersion).Append("' prints nothing when libstdc++ is too old, and ")
                .Append("'ldd -r <output folder>/runtimes/linux-x64/native/libLibTorchSharp.so' names each missing library or version. ")
                .Append("TorchSharp's own message about a missing libtorch-cpu-linux-x64 reference (also printed to the console) is its generic fallback.");
            var cause = loaderError?.Split('\n').Skip(1).Select(line => line.Trim()).Where(line => line.Length > 0 && !ProbeMiss.IsMatch(line)).Distinct().ToArray();
            if (cause is { Length: > 0 })
            {
                text.Append(" The loader said: ").Append(string.Join(" | ", cause));
            }
            return text.ToString();
        }

        // TorchSharp 0.107 loads its native library in torch's static constructor (a TypeInitializationException around its
        // NotSupportedException) and in InitializeDeviceType (the NotSupportedException itself); a P/Invoke that finds no library
        // throws DllNotFoundException, and a library for another platform BadImageFormatException.
        private static bool IsLoadFailure(Exception e)
            => e is TypeInitializationException { TypeName: "TorchSharp.torch" } or NotSupportedException or DllNotFoundException or BadImageFormatException;

        /// <summary>Asks the loader directly, since TorchSharp's own attempt keeps the loader's message to itself.</summary>
        private static string? LoaderError()
        {
            try
            {
                NativeLibrary.Free(NativeLibrary.Load("LibTorchSharp", typeof(torch).Assembly, null));
                return null;
            }
            catch (Exception e) when (e is DllNotFoundException || e is BadImageFormatException)
            {
                return e.Message;
            }
        }
    }
}
