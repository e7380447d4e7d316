using Microsoft.ML.MultiTask.Benchmarks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>The benchmark restarts itself with OMP_WAIT_POLICY=PASSIVE in the environment it starts with, so OpenMP reads it.</summary>
    [TestClass]
    public sealed class OpenMpWaitPolicyTests
    {
        private const string Dll = "/out/Microsoft.ML.MultiTask.Benchmarks.dll";

        [TestMethod]
        public void AnUnsetPolicyRestartsTheSameCommandWithPassive()
        {
            var start = OpenMpWaitPolicy.Restart(null, "/out/Microsoft.ML.MultiTask.Benchmarks", Dll, new[] { "--quick" })!;

            Assert.AreEqual("/out/Microsoft.ML.MultiTask.Benchmarks", start.FileName);
            CollectionAssert.AreEqual(new[] { "--quick" }, start.ArgumentList);
            Assert.AreEqual("PASSIVE", start.Environment["OMP_WAIT_POLICY"]);
            Assert.IsFalse(start.UseShellExecute, "the child writes to this console");
        }

        [TestMethod]
        public void UnderTheDotnetHostTheAssemblyIsPassedAgain()
        {
            var start = OpenMpWaitPolicy.Restart(string.Empty, "/usr/share/dotnet/dotnet", Dll, new[] { "--quick" })!;

            Assert.AreEqual("/usr/share/dotnet/dotnet", start.FileName);
            CollectionAssert.AreEqual(new[] { Dll, "--quick" }, start.ArgumentList);
            Assert.AreEqual("PASSIVE", start.Environment["OMP_WAIT_POLICY"]);
        }

        [TestMethod]
        public void ASetPolicyIsKeptWithoutRestarting()
        {
            Assert.IsNull(OpenMpWaitPolicy.Restart("PASSIVE", "/out/Microsoft.ML.MultiTask.Benchmarks", Dll, new string[0]), "no endless restarts");
            Assert.IsNull(OpenMpWaitPolicy.Restart("ACTIVE", "/out/Microsoft.ML.MultiTask.Benchmarks", Dll, new string[0]), "an explicit choice is kept");
        }
    }
}
