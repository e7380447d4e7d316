using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.MultiTask.Samples;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class TrainingTests
    {
        [TestMethod]
        public void TrainingReducesEveryTaskLoss()
        {
            var ml = new MLContext(seed: 1);
            var (train, _) = Penguins.Split(Penguins.Load());
            using var model = Penguins.Featurize(ml).Fit(ml.Data.LoadFromEnumerable(train)) is var featurizer
                ? ml.MultiTask().Trainers.SharedEncoder(Penguins.Options(epochs: 40)).Fit(featurizer.Transform(ml.Data.LoadFromEnumerable(train)))
                : null!;
            var epochs = model.History.Epochs;
            Assert.HasCount(40, epochs);
            foreach (var task in new[] { "Species", "Sex", "BodyMass" })
            {
                double first = epochs[0].TrainingLosses[task], last = epochs[^1].TrainingLosses[task];
                Assert.IsLessThan(0.75 * first, last, $"{task}: loss went from {first} to {last}");
            }
            Assert.AreEqual(40, model.History.BestEpoch);
        }

        [TestMethod]
        public void MixedTaskModelBeatsMajorityAndMeanBaselines()
        {
            var ml = new MLContext(seed: 1);
            var (train, test) = Penguins.Split(Penguins.Load());
            var model = Penguins.Featurize(ml).Append(ml.MultiTask().Trainers.SharedEncoder(Penguins.Options())).Fit(ml.Data.LoadFromEnumerable(train));
            var metrics = ml.MultiTask().Evaluate(model.Transform(ml.Data.LoadFromEnumerable(test)), model.LastTransformer);

            double majoritySpecies = test.GroupBy(p => p.Species).Max(g => g.Count()) / (double)test.Count;
            var sexed = test.Where(p => !float.IsNaN(p.Sex)).ToList();
            double majoritySex = Math.Max(sexed.Count(p => p.Sex == 1), sexed.Count(p => p.Sex == 0)) / (double)sexed.Count;
            Assert.IsGreaterThan(majoritySpecies + 0.3, metrics["Species"].Multiclass!.MicroAccuracy);
            Assert.IsGreaterThan(majoritySex + 0.2, metrics["Sex"].Binary!.Accuracy);
            // R² > 0 means better than predicting the mean; a working model explains most of the variance.
            Assert.IsGreaterThan(0.6, metrics["BodyMass"].Regression!.RSquared);
            model.LastTransformer.Dispose();
        }

        [TestMethod]
        public void SameSeedGivesSamePredictions()
        {
            float[] Run(int seed)
            {
                var ml = new MLContext(seed: 1);
                var rows = Synthetic.Rows(300, seed: 5);
                var options = Synthetic.Options(5, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
                options.Seed = seed;
                options.Dropout = 0.2;
                var data = ml.Data.LoadFromEnumerable(rows);
                using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(data);
                var scored = model.Transform(data);
                return scored.GetColumn<float>("Positive.Score").Concat(scored.GetColumn<float>("Amount.Score")).ToArray();
            }
            var first = Run(11);
            CollectionAssert.AreEqual(first, Run(11), "same seed, same data: the predictions must be identical");
            CollectionAssert.AreNotEqual(first, Run(12), "another seed should give another model");
        }

        [TestMethod]
        public void SeedComesFromTheMLContextWhenNotSet()
        {
            float[] Run(int contextSeed)
            {
                var ml = new MLContext(seed: contextSeed);
                var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(200, seed: 5));
                var options = Synthetic.Options(3, TaskDefinition.Binary("Positive"));
                options.Seed = null;
                using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(data);
                return model.Transform(data).GetColumn<float>("Positive.Score").ToArray();
            }
            CollectionAssert.AreEqual(Run(4), Run(4));
            CollectionAssert.AreNotEqual(Run(4), Run(5));
        }

        [TestMethod]
        public void ValidationSetDrivesEarlyStoppingAndKeepsTheBestEpoch()
        {
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(400, seed: 8);
            // Noisy, small training data and a big network overfit quickly, so validation loss turns up.
            var options = Synthetic.Options(60, TaskDefinition.Regression("Amount"));
            options.Architecture = new HardSharing { SharedLayers = new[] { 128, 128 } };
            options.LearningRate = 0.02;
            options.ValidationSet = ml.Data.LoadFromEnumerable(rows.Skip(100).ToList());
            options.EarlyStoppingPatience = 3;
            var training = rows.Take(100).Select(r => { r.Amount += 40 * Math.Sin(r.Features[0] * 13); return r; }).ToList();
            using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(ml.Data.LoadFromEnumerable(training));

            var history = model.History;
            Assert.IsTrue(history.Epochs.All(e => e.ValidationLoss.HasValue));
            double best = history.Epochs.Min(e => e.ValidationLoss!.Value);
            Assert.AreEqual(best, history.Epochs[history.BestEpoch - 1].ValidationLoss!.Value);
            Assert.IsTrue(history.StoppedEarly, "the run should stop before 60 epochs");
            Assert.HasCount(history.BestEpoch + 3, history.Epochs);

            // The returned weights are the best epoch's: their validation loss is the best one.
            var scored = model.Transform(options.ValidationSet).GetColumn<float>("Amount.Score").ToArray();
            var labels = rows.Skip(100).Select(r => r.Amount).ToArray();
            var head = (Microsoft.ML.MultiTask.Tasks.RegressionTaskHead)model.Heads[0];
            double mse = scored.Select((s, i) => Math.Pow((s - labels[i]) / head.StandardDeviation, 2)).Average();
            Assert.AreEqual(best, mse, 1e-3 * best);
        }

        [TestMethod]
        public void ProgressAndLogReceiveEveryEpoch()
        {
            var ml = new MLContext(seed: 1);
            var messages = new List<string>();
            ml.Log += (_, e) => { if (e.Source.Contains(nameof(MultiTaskTrainer))) { lock (messages) { messages.Add(e.Message); } } };
            var reports = new List<TrainingEpochSummary>();
            var options = Synthetic.Options(4, TaskDefinition.Binary("Positive"), TaskDefinition.Multiclass("Group"));
            options.Progress = new SynchronousProgress<TrainingEpochSummary>(reports.Add);
            using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(ml.Data.LoadFromEnumerable(Synthetic.Rows(200, 1)));

            CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, reports.Select(r => r.Epoch).ToArray());
            Assert.IsTrue(reports.All(r => r.RowsPerSecond > 0 && r.TrainingLosses.Count == 2));
            Assert.AreEqual(4, messages.Count(m => m.Contains("] epoch ", StringComparison.Ordinal)), string.Join("\n", messages));
        }

        private sealed class SynchronousProgress<T> : IProgress<T>
        {
            private readonly Action<T> _report;

            public SynchronousProgress(Action<T> report) => _report = report;

            public void Report(T value) => _report(value);
        }
    }
}
