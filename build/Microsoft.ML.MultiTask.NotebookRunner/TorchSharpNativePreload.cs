using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.DotNet.Interactive;

namespace Microsoft.ML.MultiTask.NotebookRunner
{
    /// <summary>
    /// Makes TorchSharp load inside the kernel on Linux distributions whose libstdc++ is older than GCC 13's (Debian 12).
    /// A notebook's <c>#r "nuget: libtorch-cpu-linux-x64"</c> resolves to the NuGet cache, where TorchSharp's own
    /// libLibTorchSharp.so asks for GLIBCXX_3.4.32 and fails to load (and TorchSharp then copies ~480 MB of libtorch
    /// next to itself before failing). Loading libtorch from the package and this runner's patched libLibTorchSharp.so
    /// (build/TorchSharpNativeCompat.targets) by full path first lets TorchSharp's own load by name find them.
    /// </summary>
    internal static class TorchSharpNativePreload
    {
        private static readonly string[] LibTorch = { "libc10.so", "libtorch_cpu.so", "libtorch.so" };
        private static bool _loaded;

        /// <summary>Loads the native libraries once, when a resolved package holds libtorch for this platform.</summary>
        public static void From(IEnumerable<ResolvedPackageReference> packages)
        {
            if (_loaded || !OperatingSystem.IsLinux())
            {
                return;
            }
            string runtime = RuntimeInformation.RuntimeIdentifier.StartsWith("linux-arm64", StringComparison.Ordinal) ? "linux-arm64" : "linux-x64";
            foreach (var package in packages)
            {
                string native = Path.Combine(package.PackageRoot, "runtimes", runtime, "native");
                if (!File.Exists(Path.Combine(native, "libtorch_cpu.so")))
                {
                    continue;
                }
                string torchSharp = Path.Combine(AppContext.BaseDirectory, "runtimes", runtime, "native", "libLibTorchSharp.so");
                if (!File.Exists(torchSharp))
                {
                    throw new FileNotFoundException($"The notebook runner's copy of libLibTorchSharp.so is missing: '{torchSharp}'. Rebuild the runner.", torchSharp);
                }
                foreach (var library in LibTorch)
                {
                    NativeLibrary.Load(Path.Combine(native, library));
                }
                NativeLibrary.Load(torchSharp);
                _loaded = true;
                return;
            }
        }
    }
}
