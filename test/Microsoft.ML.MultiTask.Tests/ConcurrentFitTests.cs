using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class ConcurrentFitTests
    {
        /// <summary>
        /// TorchSharp's generator is process-wide; without Fit's lock, two Fits at once interleave their dropout draws
        /// and weight initializations, and their models differ from the ones each gives alone.
        /// </summary>
        [TestMethod]
        public void FitsOnSeveralThreadsGiveTheModelsTheyGiveAlone()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(400, seed: 5));
            MultiTaskTrainer.Options Options(int seed)
            {
                var options = Synthetic.Options(3, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
                options.Dropout = 0.3;
                options.Seed = seed;
                return options;
            }
            float[] Scores(int seed)
            {
                using var model = ml.MultiTask().Trainers.SharedEncoder(Options(seed)).Fit(data);
                return model.Transform(data).GetColumn<float>("Positive.Score").ToArray();
            }
            var alone = new[] { 11, 12, 13, 14 }.Select(Scores).ToArray();
            var together = Task.WhenAll(new[] { 11, 12, 13, 14 }.Select(seed => Task.Run(() => Scores(seed)))).GetAwaiter().GetResult();
            for (int i = 0; i < alone.Length; i++)
            {
                CollectionAssert.AreEqual(alone[i], together[i], $"seed {11 + i}");
            }
        }
    }
}
