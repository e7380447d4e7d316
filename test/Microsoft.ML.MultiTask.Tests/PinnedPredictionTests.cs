using System;
using System.Collections.Generic;
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
        /// <summary>
        /// SHA-256 of the scores below, as the training loop of milestone 1 produced them on CPU. libtorch and MKL choose
        /// their kernels by the CPU's instruction set, so the bits are those of a kind of processor: one hash per kind the
        /// build machines have had. A change of arithmetic gives none of them.
        /// </summary>
        private static readonly IReadOnlyDictionary<string, string> PinnedHashes = new Dictionary<string, string>
        {
            ["F309A05FCFB74CF75CDB0132DC793139F59831E8BEF35523D92879E61E870866"] = "AMD EPYC (AVX2)",
            ["426037C12F667F4E00BDF350BB031884C4F0FACA2C3EA4DC4C3CCF8938FD3A4F"] = "Intel Xeon (AVX-512)",
        };

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
            Assert.IsTrue(PinnedHashes.ContainsKey(hash), $"hash {hash} is none of the pinned ones ({string.Join(", ", PinnedHashes.Values)}); first scores: {string.Join(", ", scores.Take(4).Select(s => s.ToString("R")))}");
        }
    }
}
