using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>A learning rate far too high makes the losses explode; training must stop loudly or recover, never return NaN weights.</summary>
    [TestClass]
    public sealed class DivergenceTests
    {
        private static MultiTaskTrainer.Options Exploding()
        {
            var options = Synthetic.Options(4, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
            options.LearningRate = 1e6;
            options.NormalizeFeatures = false;
            return options;
        }

        private static IDataView Data(MLContext ml) => ml.Data.LoadFromEnumerable(Synthetic.Rows(256, seed: 5));

        [TestMethod]
        public void NonFiniteLossStopsTrainingNamingTaskEpochAndLearningRate()
        {
            var ml = new MLContext(seed: 1);
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => ml.MultiTask().Trainers.SharedEncoder(Exploding()).Fit(Data(ml)).Dispose());
            StringAssert.Matches(error.Message, new System.Text.RegularExpressions.Regex("loss of task '(Positive|Amount)' became (NaN|∞|-∞|Infinity|-Infinity) in epoch [1-4] \\(learning rate 1E\\+06\\)"));
            StringAssert.Contains(error.Message, "RestoreAndLowerLearningRate");
        }

        [TestMethod]
        public void OptInRecoveryRestoresWeightsAndLowersTheLearningRate()
        {
            var ml = new MLContext(seed: 1);
            var options = Exploding();
            options.OnDivergence = DivergenceAction.RestoreAndLowerLearningRate;
            options.DivergenceLearningRateFactor = 1e-4;
            options.MaxDivergenceRecoveries = 4;
            var log = new System.Collections.Generic.List<string>();
            ml.Log += (_, e) => { if (e.Message.Contains("Recovery", StringComparison.Ordinal)) { log.Add(e.Message); } };
            var data = Data(ml);
            using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(data);

            // 1e6 and then 100 diverge in epoch 1; 0.01 trains. Each recovery is one warning, and the rate is multiplied by the factor each time.
            Assert.HasCount(2, log, string.Join("\n", log));
            StringAssert.Contains(log[0], "Recovery 1 of 4: restored the weights from before epoch 1 and lowered the learning rate to 100.");
            StringAssert.Contains(log[1], "Recovery 2 of 4: restored the weights from before epoch 1 and lowered the learning rate to 0.01.");
            Assert.HasCount(4, model.History.Epochs);
            Assert.IsTrue(model.History.Epochs.All(e => Math.Abs(e.LearningRate - 0.01) < 1e-12), "every kept epoch ran with the lowered rate");

            // Restored means restored: the recovered run equals, bit for bit, a run that started at the lowered rate from the same initial weights.
            var calm = Exploding();
            calm.LearningRate = 1e6 * 1e-4 * 1e-4;
            using var reference = new MLContext(seed: 1).MultiTask().Trainers.SharedEncoder(calm).Fit(data);
            foreach (var column in new[] { "Amount.Score", "Positive.Score" })
            {
                CollectionAssert.AreEqual(reference.Transform(data).GetColumn<float>(column).ToArray(), model.Transform(data).GetColumn<float>(column).ToArray(), column);
            }
            CollectionAssert.AreEqual(reference.History.Epochs.Select(e => e.TrainingLoss).ToArray(), model.History.Epochs.Select(e => e.TrainingLoss).ToArray());
        }

        [TestMethod]
        public void RecoveryGivesUpAfterTheAllowedNumber()
        {
            var ml = new MLContext(seed: 1);
            var options = Exploding();
            options.OnDivergence = DivergenceAction.RestoreAndLowerLearningRate;
            options.DivergenceLearningRateFactor = 0.5;
            options.MaxDivergenceRecoveries = 2;
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => ml.MultiTask().Trainers.SharedEncoder(options).Fit(Data(ml)).Dispose());
            StringAssert.Contains(error.Message, "after 2 divergence recoveries");
            StringAssert.Contains(error.Message, "learning rate 2.5E+05");
        }
    }
}
