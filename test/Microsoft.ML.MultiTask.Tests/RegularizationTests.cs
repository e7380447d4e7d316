using System;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>Class weights, label smoothing and decision thresholds do what they say.</summary>
    [TestClass]
    public sealed class RegularizationTests
    {
        private static readonly MLContext Ml = new MLContext(seed: 1);

        /// <summary>Rare: about 7% positive (x0 &gt; 1.5), learnable but easy to ignore.</summary>
        private static IDataView Rare(int rows, int seed)
            => Ml.Data.LoadFromEnumerable(Synthetic.Rows(rows, seed).Select(r => { r.Positive = r.Features[0] + (0.3f * r.Features[1]) > 1.5f; return r; }).ToList());

        private static (double Recall, double F1) Quality(ITransformer model, IDataView data)
        {
            var scored = model.Transform(data);
            var truth = scored.GetColumn<bool>("Positive").ToArray();
            var predicted = scored.GetColumn<bool>("Positive.PredictedLabel").ToArray();
            double tp = truth.Zip(predicted).Count(p => p.First && p.Second), fp = truth.Zip(predicted).Count(p => !p.First && p.Second);
            double recall = tp / truth.Count(t => t), precision = tp + fp > 0 ? tp / (tp + fp) : 0;
            return (recall, precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0);
        }

        [TestMethod]
        public void BalancedClassesRaiseTheRecallOfARareClass()
        {
            double Recall(bool balance)
            {
                var options = Synthetic.Options(6, TaskDefinition.Binary("Positive"));
                options.Tasks[0].BalanceClasses = balance;
                using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(Rare(600, 1));
                return Quality(model, Rare(400, 2)).Recall;
            }
            double plain = Recall(false), balanced = Recall(true);
            Assert.IsGreaterThan(plain + 0.1, balanced, $"recall {plain:0.00} without class weights, {balanced:0.00} with");
        }

        [TestMethod]
        public void ClassWeightsAreInverseToTheClassFrequencies()
        {
            var multiclass = (MulticlassTaskDefinition)TaskDefinition.Multiclass("Group");
            multiclass.BalanceClasses = true;
            var head = new MulticlassTaskHead(multiclass, new[] { "a", "b", "c" });
            head.FitClassWeights(new float[] { 0, 0, 0, 1, float.NaN });
            using var scope = TorchSharp.torch.NewDisposeScope();
            // n = 4 labelled rows, k = 2 classes present: a weighs 4/(2·3), b 4/(2·1), c (no rows) 1. With uniform logits each
            // row's loss is log 3, so the weighted sum is (3·⅔ + 2)·log 3.
            var logits = TorchSharp.torch.zeros(4, 3);
            var labels = TorchSharp.torch.tensor(new float[] { 0, 0, 0, 1 }, new long[] { 4, 1 });
            Assert.AreEqual(4 * Math.Log(3), head.LossSum(logits, labels, null).item<float>(), 1e-5);
        }

        [TestMethod]
        public void LabelSmoothingKeepsProbabilitiesAwayFromZeroAndOne()
        {
            double MostConfident(float smoothing)
            {
                var options = Synthetic.Options(30, TaskDefinition.Binary("Positive"));
                options.Tasks[0].LabelSmoothing = smoothing;
                using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(Ml.Data.LoadFromEnumerable(Synthetic.Rows(300, 3)));
                return model.Transform(Ml.Data.LoadFromEnumerable(Synthetic.Rows(200, 4))).GetColumn<float>("Positive.Probability").Max();
            }
            Assert.IsGreaterThan(0.995, MostConfident(0));
            // The smoothed target of a positive is 1 − ε/2 = 0.9: the loss is lowest there, not at 1.
            Assert.IsLessThan(0.95, MostConfident(0.2f));
        }

        [TestMethod]
        public void ThresholdsChosenOnTheValidationSetDecidePredictedLabelEverywhere()
        {
            var options = Synthetic.Options(6, TaskDefinition.Binary("Positive"));
            options.ValidationSet = Rare(400, 5);
            options.Tasks[0].Threshold = DecisionThreshold.MaximizeF1();
            using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(Rare(600, 1));
            float threshold = model.Thresholds["Positive"][0];
            Assert.AreNotEqual(0.5f, threshold);
            var test = Rare(400, 2);
            var scored = model.Transform(test);
            var probabilities = scored.GetColumn<float>("Positive.Probability").ToArray();
            var predicted = scored.GetColumn<bool>("Positive.PredictedLabel").ToArray();
            for (int i = 0; i < predicted.Length; i++)
            {
                Assert.AreEqual(probabilities[i] > threshold, predicted[i], $"row {i}: probability {probabilities[i]}, threshold {threshold}");
            }

            // The zip carries the threshold.
            string path = Path.Combine(Path.GetTempPath(), $"multitask-threshold-{Guid.NewGuid():N}.zip");
            try
            {
                Ml.Model.Save(model, test.Schema, path);
                var loaded = new MLContext().Model.Load(path, out _);
                CollectionAssert.AreEqual(predicted, loaded.Transform(test).GetColumn<bool>("Positive.PredictedLabel").ToArray());
            }
            finally
            {
                File.Delete(path);
            }

            // Maximizing F1 on the validation set beats the 0.5 threshold there.
            options.Tasks[0].Threshold = null;
            using var half = Ml.MultiTask().Trainers.MultiTask(options).Fit(Rare(600, 1));
            Assert.IsGreaterThanOrEqualTo(Quality(half, options.ValidationSet).F1, Quality(model, options.ValidationSet).F1);
        }

        [TestMethod]
        public void TargetRecallAndFixedThresholds()
        {
            var options = Synthetic.Options(6, TaskDefinition.Binary("Positive"));
            options.ValidationSet = Rare(400, 5);
            options.Tasks[0].Threshold = DecisionThreshold.TargetRecall(0.95);
            using (var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(Rare(600, 1)))
            {
                Assert.IsGreaterThanOrEqualTo(0.95, Quality(model, options.ValidationSet).Recall);
            }
            options.Tasks[0].Threshold = DecisionThreshold.Fixed(0.8);
            options.ValidationSet = null;
            using (var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(Rare(600, 1)))
            {
                Assert.AreEqual(0.8f, model.Thresholds["Positive"][0]);
            }
        }

        [TestMethod]
        public void SettingsAKindDoesNotHaveAreClearErrors()
        {
            var options = Synthetic.Options(1, TaskDefinition.Regression("Amount"));
            options.Tasks[0].BalanceClasses = true;
            StringAssert.Contains(Assert.Throws<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(options)).Message,
                "BalanceClasses of task 'Amount' does not apply: 'Amount' is a regression task, which has no classes.");
            options = Synthetic.Options(1, TaskDefinition.Multiclass("Group"));
            options.Tasks[0].Threshold = DecisionThreshold.Fixed(0.3);
            StringAssert.Contains(Assert.Throws<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(options)).Message,
                "Threshold of task 'Group' does not apply: 'Group' is a multiclass task, whose PredictedLabel is the most probable class.");
            options = Synthetic.Options(1, TaskDefinition.Binary("Positive"));
            options.Tasks[0].Threshold = DecisionThreshold.MaximizeF1();
            StringAssert.Contains(Assert.Throws<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(options)).Message,
                "Threshold of task 'Positive' (MaximizeF1()) is chosen on the validation set; set Options.ValidationSet, or use DecisionThreshold.Fixed.");
            options.Tasks[0].Threshold = null;
            options.Tasks[0].LabelSmoothing = 1;
            StringAssert.Contains(Assert.Throws<ArgumentOutOfRangeException>(() => Ml.MultiTask().Trainers.MultiTask(options)).Message, "LabelSmoothing of task 'Positive' must be in [0, 1); got 1.");
            Assert.Throws<ArgumentOutOfRangeException>(() => DecisionThreshold.Fixed(1));
        }
    }
}
