using System;
using Microsoft.ML.MultiTask.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>
    /// A native library that does not load is explained, not reported as TorchSharp's "doesn't contain a reference". The
    /// real load cannot fail in this process, so the failures are injected as TorchSharp 0.107 raises them.
    /// </summary>
    [TestClass]
    public sealed class TorchSharpRuntimeTests
    {
        private const string TorchSharpMessage = "This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64, Version=2.10.0.0.";

        /// <summary>What the loader says on Debian 12 for an output folder the build fix did not patch (as observed there).</summary>
        private const string OldLibstdcxx =
            "Unable to load shared library 'LibTorchSharp' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n" +
            "/app/runtimes/linux-x64/native/LibTorchSharp.so: cannot open shared object file: No such file or directory\n" +
            "/app/LibTorchSharp.so: cannot open shared object file: No such file or directory\n" +
            "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/runtimes/linux-x64/native/libLibTorchSharp.so)\n" +
            "/app/libLibTorchSharp.so: cannot open shared object file: No such file or directory\n";

        /// <summary>What the loader says when libtorch-cpu-linux-x64 is not referenced (as observed).</summary>
        private const string NoLibTorch =
            "Unable to load shared library 'LibTorchSharp' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n" +
            "/app/runtimes/linux-x64/native/LibTorchSharp.so: cannot open shared object file: No such file or directory\n" +
            "libtorch.so: cannot open shared object file: No such file or directory\n" +
            "/app/libLibTorchSharp: cannot open shared object file: No such file or directory\n";

        private static Exception TorchSharpFailure() => new TypeInitializationException("TorchSharp.torch", new NotSupportedException(TorchSharpMessage));

        [TestMethod]
        public void AnOldLibstdcxxIsNamedWithTheBuildFixAndHowToCheck()
        {
            var failure = TorchSharpFailure();
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => TorchSharpRuntime.EnsureLoaded(() => throw failure, () => OldLibstdcxx));

            Assert.AreSame(failure, error.InnerException, "TorchSharp's exception stays reachable");
            foreach (var part in new[]
            {
                "TorchSharp's native library could not be loaded",
                "This system's libstdc++ lacks GLIBCXX_3.4.32 (GCC 13)",
                "buildTransitive/Microsoft.ML.MultiTask.targets",
                "build/TorchSharpNativeCompat.targets",
                "'strings /usr/lib/x86_64-linux-gnu/libstdc++.so.6 | grep GLIBCXX_3.4.32' prints nothing when libstdc++ is too old",
                "'ldd -r <output folder>/runtimes/linux-x64/native/libLibTorchSharp.so'",
                "The loader said: /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/runtimes/linux-x64/native/libLibTorchSharp.so)",
            })
            {
                StringAssert.Contains(error.Message, part);
            }
            Assert.DoesNotContain("Reference libtorch's native package", error.Message, "the reference is there; asking for it again misleads as TorchSharp does");
            Assert.DoesNotContain("No such file or directory", error.Message, "the probes of absent paths are noise");
        }

        [TestMethod]
        public void AMissingLibtorchReferenceNamesThePackagesToReference()
        {
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => TorchSharpRuntime.EnsureLoaded(() => throw TorchSharpFailure(), () => NoLibTorch));

            StringAssert.Contains(error.Message, "Reference libtorch's native package in the application that trains: libtorch-cpu-linux-x64");
            StringAssert.Contains(error.Message, "or TorchSharp-cpu, which brings it");
            StringAssert.Contains(error.Message, "The loader said: libtorch.so: cannot open shared object file: No such file or directory");
            Assert.DoesNotContain("lacks GLIBCXX_3.4.32", error.Message);
        }

        [TestMethod]
        public void EveryWayTorchSharpReportsALoadFailureIsExplained()
        {
            foreach (var failure in new Exception[]
            {
                TorchSharpFailure(),
                new NotSupportedException(TorchSharpMessage),
                new DllNotFoundException("Unable to load shared library 'LibTorchSharp'"),
                new BadImageFormatException("wrong architecture"),
            })
            {
                var error = Assert.ThrowsExactly<InvalidOperationException>(() => TorchSharpRuntime.EnsureLoaded(() => throw failure, () => null), failure.GetType().Name);
                Assert.AreSame(failure, error.InnerException);
                StringAssert.Contains(error.Message, "libtorch-cpu-linux-x64 (the version TorchSharp 0.107 expects, 2.10.0)");
                Assert.DoesNotContain("The loader said", error.Message, "nothing to quote when the loader itself succeeds");
            }
        }

        [TestMethod]
        public void OtherFailuresAndASuccessfulLoadPassThrough()
        {
            var unrelated = new TypeInitializationException("Some.Other.Type", null);
            Assert.AreSame(unrelated, Assert.ThrowsExactly<TypeInitializationException>(() => TorchSharpRuntime.EnsureLoaded(() => throw unrelated, () => OldLibstdcxx)));
            Assert.ThrowsExactly<InvalidCastException>(() => TorchSharpRuntime.EnsureLoaded(() => throw new InvalidCastException(), () => null));

            // In this process the native library loads: the real check passes.
            TorchSharpRuntime.EnsureLoaded();
        }
    }
}
