using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>
    /// Pins the predictions of the milestone-1 training path (hard sharing, fixed loss weights, joint training,
    /// constant learning rate, no feature encoding — the default encoding is piecewise-linear since) to the bits it
    /// gave before the extension points existed, so a refactoring of the training loop that changes any arithmetic fails here.
    /// </summary>
    [TestClass]
    public sealed class PinnedPredictionTests
    {
        /// <summary>SHA-256 of the scores below, as the training loop of milestone 1 produced them on CPU.</summary>
        private const string PinnedHash = "F309A05FCFB74CF75CDB0132DC793139F59831E8BEF35523D92879E61E870866";

        [TestMethod]
        public void DefaultTrainingGivesThePinnedPredictions()
        {
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(300, seed: 21);
            for (int i = 0; i < rows.Count; i += 7)
            {
                rows[i].Amount = double.NaN;
                rows[i].TagScores[1] = float.NaN;
            }
            var data = ml.Data.LoadFromEnumerable(rows);
            var options = Synthetic.Options(4, TaskDefinition.Binary("Positive"), TaskDefinition.Multiclass("Group"),
                TaskDefinition.Regression("Amount", lossWeight: 0.5f), TaskDefinition.MultiLabel("TagScores"));
            options.Dropout = 0.1;
            options.ValidationSet = ml.Data.LoadFromEnumerable(Synthetic.Rows(60, seed: 22));
            using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(data);

            var scored = model.Transform(data);
            var scores = scored.GetColumn<float>("Positive.Score")
                .Concat(scored.GetColumn<float[]>("Group.Score").SelectMany(v => v))
                .Concat(scored.GetColumn<float>("Amount.Score"))
                .Concat(scored.GetColumn<float[]>("TagScores.Score").SelectMany(v => v))
                .ToArray();
            string hash = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(scores.AsSpan())));
            Assert.AreEqual(PinnedHash, hash, $"hash {hash}; first scores: {string.Join(", ", scores.Take(4).Select(s => s.ToString("R")))}");
        }
    }
}
