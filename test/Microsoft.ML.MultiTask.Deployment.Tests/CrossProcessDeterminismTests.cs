using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Deployment
{
    [TestClass]
    public sealed class CrossProcessDeterminismTests
    {
        /// <summary>
        /// A second process trains on the same data with the same seed: the graph and every prediction must be
        /// bitwise identical to the first process's (CPU).
        /// </summary>
        [TestMethod]
        public void SameSeedInAnotherProcessGivesBitwiseIdenticalModelAndPredictions()
        {
            string second = DeploymentFixture.RunTrainer();
            try
            {
                CollectionAssert.AreEqual(File.ReadAllBytes(DeploymentFixture.PathOf(DeploymentFiles.Onnx)), File.ReadAllBytes(Path.Combine(second, DeploymentFiles.Onnx)),
                    "the exported graphs (weights included) differ");
                CollectionAssert.AreEqual(File.ReadAllLines(DeploymentFixture.PathOf(DeploymentFiles.Expected)), File.ReadAllLines(Path.Combine(second, DeploymentFiles.Expected)),
                    "the predictions differ (written with round-trip precision)");
            }
            finally
            {
                Directory.Delete(second, recursive: true);
            }
        }
    }
}
