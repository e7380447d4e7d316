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

            Assert.AreEqual(4, model.History.Epochs.Count);
            Assert.IsTrue(log.Count >= 1, "each recovery is logged as a warning");
            StringAssert.Contains(log[0], "restored the weights from before epoch");
            Assert.IsTrue(model.History.Epochs[^1].LearningRate < 1e6, "the learning rate was lowered");
            Assert.IsTrue(model.History.Epochs.All(e => double.IsFinite(e.TrainingLoss)));
            var scores = model.Transform(data).GetColumn<float>("Amount.Score").Concat(model.Transform(data).GetColumn<float>("Positive.Score"));
            Assert.IsTrue(scores.All(float.IsFinite), "a recovered model scores finite values");
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
