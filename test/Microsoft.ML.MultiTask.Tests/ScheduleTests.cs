using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class ScheduleTests
    {
        private static readonly MLContext Ml = new MLContext(seed: 1);

        private static double[] Rates(LearningRateSchedule schedule, int epochs, int rows = 64)
        {
            var options = Synthetic.Options(epochs, TaskDefinition.Binary("Positive"));
            options.LearningRate = 0.01;
            options.LearningRateSchedule = schedule;
            using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(Ml.Data.LoadFromEnumerable(Synthetic.Rows(rows, seed: 2)));
            return model.History.Epochs.Select(e => e.LearningRate).ToArray();
        }

        [TestMethod]
        public void OneCycleRisesToThePeakThenFallsToTheFinalRate()
        {
            // 10 epochs of 2 steps: the peak falls at step 5 of 20 (30%), inside epoch 3.
            var rates = Rates(new OneCycleSchedule(), 10);
            Assert.IsLessThan(0.01, rates[0]);
            Assert.IsGreaterThan(0.009, rates.Max(), "the peak is the option's rate");
            Assert.AreEqual(2, System.Array.IndexOf(rates, rates.Max()));
            for (int e = 3; e < rates.Length; e++)
            {
                Assert.IsLessThan(rates[e - 1], rates[e], $"falling after the peak (epoch {e + 1})");
            }
            Assert.AreEqual(0.01 / 25 / 1e4, rates[^1], 1e-15, "ends at LearningRate / (InitialDivisor · FinalDivisor)");
        }

        [TestMethod]
        public void TheWeightsAndRateChartDrawsTheHistory()
        {
            var options = Synthetic.Options(4, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
            options.LossBalancing = new DynamicWeightAverage();
            options.LearningRateSchedule = new CosineSchedule();
            using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(Ml.Data.LoadFromEnumerable(Synthetic.Rows(64, seed: 2)));
            string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"multitask-weights-{System.Guid.NewGuid():N}.png");
            try
            {
                var chart = Charts.TrainingCharts.WeightsAndLearningRate(model.History, path, 640, 360);
                var bytes = System.IO.File.ReadAllBytes(path);
                CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4).ToArray());
                Assert.AreEqual(640, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), "PNG width");
                Assert.AreEqual(360, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), "PNG height");
                Assert.AreEqual(path, chart.Path);
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }

        [TestMethod]
        public void ReduceOnPlateauCutsTheRateAfterPatienceEpochsWithoutImprovement()
        {
            // A min delta no epoch can beat: only the first epoch improves, then every Patience epochs the rate drops.
            var rates = Rates(new ReduceOnPlateauSchedule { Patience = 2, Factor = 0.1, MinDelta = 100 }, 6);
            CollectionAssert.AreEqual(new[] { 0.01, 0.01, 0.01, 0.001, 0.001, 0.0001 }, rates.Select(r => System.Math.Round(r, 12)).ToArray());
            var floor = Rates(new ReduceOnPlateauSchedule { Patience = 1, Factor = 0.1, MinDelta = 100, MinFactor = 0.05 }, 4);
            CollectionAssert.AreEqual(new[] { 0.01, 0.01, 0.001, 0.0005 }, floor.Select(r => System.Math.Round(r, 12)).ToArray(), "never below MinFactor × LearningRate");
        }
    }
}
