using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>Early stopping on one task's validation loss, and per-task early stopping.</summary>
    [TestClass]
    public sealed class EarlyStoppingTests
    {
        private static readonly MLContext Ml = new MLContext(seed: 1);

        /// <summary>Positive is learnable; Noise is a regression on pure noise, whose validation loss soon stops improving.</summary>
        private static (IDataView Train, MultiTaskTrainer.Options Options) Case(int epochs)
        {
            var random = new Random(5);
            SyntheticRow Noisy(SyntheticRow row)
            {
                row.Amount = random.NextDouble();
                return row;
            }
            var train = Ml.Data.LoadFromEnumerable(Synthetic.Rows(160, seed: 41).Select(Noisy).ToList());
            var options = Synthetic.Options(epochs, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Noise", "Amount"));
            options.ValidationSet = Ml.Data.LoadFromEnumerable(Synthetic.Rows(200, seed: 42).Select(Noisy).ToList());
            options.Architecture = new HardSharing { SharedLayers = new[] { 32 } };
            options.HeadLayers = new[] { 32 };
            options.LearningRate = 0.02;
            return (train, options);
        }

        private static float[] Scores(ITransformer model, IDataView data)
            => model.Transform(data).GetColumn<float>("Positive.Score").Concat(model.Transform(data).GetColumn<float>("Noise.Score")).ToArray();

        [TestMethod]
        public void EarlyStoppingTaskChoosesTheEpochOfThatTasksLowestValidationLoss()
        {
            var (train, options) = Case(10);
            options.EarlyStoppingPatience = 0;
            options.EarlyStoppingTask = "Positive";
            using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(train);
            var losses = model.History.Epochs.Select(e => e.ValidationLosses!["Positive"]).ToList();
            Assert.AreEqual(losses.IndexOf(losses.Min()) + 1, model.History.BestEpoch);
            var summed = model.History.Epochs.Select(e => e.ValidationLoss!.Value).ToList();
            Assert.AreNotEqual(summed.IndexOf(summed.Min()) + 1, model.History.BestEpoch, "the case must tell the two criteria apart");

            // The kept weights are that epoch's: a run that ends there gives the same bits.
            options.MaxEpochs = model.History.BestEpoch;
            options.EarlyStoppingTask = null;
            options.ValidationSet = null;
            using var shorter = Ml.MultiTask().Trainers.MultiTask(options).Fit(train);
            CollectionAssert.AreEqual(Scores(shorter, train), Scores(model, train));
        }

        [TestMethod]
        public void EarlyStoppingOnMetricKeepsTheEpochOfTheBestMlNetMetric()
        {
            var (train, options) = Case(8);
            options.EarlyStoppingPatience = 0;
            options.EarlyStoppingTask = "Positive";
            options.EarlyStoppingOnMetric = true;
            using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(train);
            var auc = model.History.Epochs.Select(e => e.Observations["Positive.AUC"]).ToList();
            Assert.AreEqual(auc.IndexOf(auc.Max()) + 1, model.History.BestEpoch);
            // The recorded AUC is ML.NET's on the validation set for the kept weights.
            var metrics = Ml.MultiTask().Evaluate(model.Transform(options.ValidationSet!), model);
            Assert.AreEqual(auc.Max(), metrics["Positive"].Binary!.AreaUnderRocCurve, 1e-6);

            options.EarlyStoppingTask = null;
            StringAssert.Contains(Assert.Throws<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(options)).Message, "Options.EarlyStoppingOnMetric follows the metric of Options.EarlyStoppingTask; name the task.");
        }

        [TestMethod]
        public void PerTaskEarlyStoppingStopsTheNoisyTaskWhileTheOtherGoesOn()
        {
            var (train, options) = Case(25);
            options.EarlyStoppingPatience = 2;
            options.PerTaskEarlyStopping = true;
            var steps = new SharingRecorder();
            options.Observers.Add(steps);
            using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(train);
            var history = model.History;
            Assert.IsTrue(history.TaskStoppedEpochs.TryGetValue("Noise", out int stopped), "the noise task stops");
            Assert.IsTrue(!history.TaskStoppedEpochs.TryGetValue("Positive", out int positiveStop) || positiveStop > stopped, "the learnable task trains longer");
            // Before the stop the noise task's loss reaches the shared encoder; after it, only its own head.
            foreach (var (epoch, shared, trained, headMoved) in steps.Steps)
            {
                Assert.AreEqual(epoch <= stopped, shared.Contains(1), $"epoch {epoch}: shared tasks [{string.Join(", ", shared)}]");
                Assert.IsTrue(trained.Contains(1), $"epoch {epoch}: the stopped task still trains its head");
            }
            Assert.IsTrue(steps.Steps.Where(s => s.Epoch > stopped).Any(s => s.HeadMoved), "its head keeps fitting the moving shared layers");
            var losses = history.Epochs.Take(stopped).Select(e => e.ValidationLosses!["Noise"]).ToList();
            Assert.AreEqual(stopped - 2, losses.IndexOf(losses.Min()) + 1, "it stopped 2 (patience) epochs after its best");
        }

        /// <summary>Per step: the epoch, which tasks reach the shared parameters, which train, and whether task 1's head has a gradient.</summary>
        private sealed class SharingRecorder : Training.TrainingObserver
        {
            public System.Collections.Generic.List<(int Epoch, int[] Shared, int[] Trained, bool HeadMoved)> Steps { get; } = new();

            public override void OnStep(Training.TrainingStep step)
            {
                using var scope = TorchSharp.torch.NewDisposeScope();
                bool moved = step.Network.HeadParameters(1).Any(p => p.grad is TorchSharp.torch.Tensor g && g.abs().sum().item<float>() > 0);
                Steps.Add((step.Epoch, step.SharedTasks.ToArray(), step.TrainedTasks.ToArray(), moved));
            }
        }

        [TestMethod]
        public void PerTaskEarlyStoppingResumesToTheUninterruptedRun()
        {
            var (train, options) = Case(12);
            options.EarlyStoppingPatience = 2;
            options.PerTaskEarlyStopping = true;
            using var uninterrupted = Ml.MultiTask().Trainers.MultiTask(options).Fit(train);
            int stop = uninterrupted.History.TaskStoppedEpochs["Noise"] + 1;
            string folder = Directory.CreateTempSubdirectory("multitask-pertask-").FullName;
            try
            {
                var (_, interrupted) = Case(12);
                interrupted.EarlyStoppingPatience = 2;
                interrupted.PerTaskEarlyStopping = true;
                interrupted.CheckpointFolder = folder;
                using var cancel = new CancellationTokenSource();
                interrupted.CancellationToken = cancel.Token;
                interrupted.Progress = new CallbackProgress<TrainingEpochSummary>(s => { if (s.Epoch == stop) { cancel.Cancel(); } });
                Assert.ThrowsExactly<OperationCanceledException>(() => Ml.MultiTask().Trainers.MultiTask(interrupted).Fit(train));
                var (_, resume) = Case(12);
                resume.EarlyStoppingPatience = 2;
                resume.PerTaskEarlyStopping = true;
                resume.ResumeFromCheckpoint = Path.Combine(folder, $"checkpoint-epoch-{stop:D4}.mtcheckpoint");
                using var resumed = Ml.MultiTask().Trainers.MultiTask(resume).Fit(train);
                CollectionAssert.AreEqual(Scores(uninterrupted, train), Scores(resumed, train));
                CollectionAssert.AreEquivalent(uninterrupted.History.TaskStoppedEpochs.ToArray(), resumed.History.TaskStoppedEpochs.ToArray());
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [TestMethod]
        public void ValidationFractionHoldsOutAStratifiedSeededShare()
        {
            var rows = Synthetic.Rows(600, seed: 12);
            for (int i = 0; i < rows.Count; i++)
            {
                rows[i].Positive = i % 15 == 0; // 40 positives
            }
            var data = Ml.Data.LoadFromEnumerable(rows);
            var options = Synthetic.Options(3, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
            options.ValidationFraction = 0.25;
            var seen = new TrainingRows();
            options.Observers.Add(seen);
            using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(data);
            // Each class keeps its share: 10 of 40 positives and 140 of 560 negatives are held out.
            Assert.AreEqual(450, seen.Rows);
            Assert.AreEqual(30, seen.Positives);
            Assert.IsTrue(model.History.Epochs.All(e => e.ValidationLosses != null), "the held-out rows are the validation set");
            using var again = Ml.MultiTask().Trainers.MultiTask(options).Fit(data);
            CollectionAssert.AreEqual(model.Transform(data).GetColumn<float>("Positive.Score").ToArray(), again.Transform(data).GetColumn<float>("Positive.Score").ToArray(), "the split is seeded");

            options.ValidationSet = data;
            StringAssert.Contains(Assert.Throws<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(options)).Message, "Options.ValidationFraction holds out part of the training rows as the validation set, but Options.ValidationSet is set too; use one of them.");
        }

        [TestMethod]
        public void TheDefaultHoldsOutATenthForEarlyStoppingFromAHundredRows()
        {
            var options = Synthetic.Options(30, TaskDefinition.Binary("Positive"));
            options.ValidationFraction = null;
            var seen = new TrainingRows();
            options.Observers.Add(seen);
            using (var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(Ml.Data.LoadFromEnumerable(Synthetic.Rows(400, seed: 13))))
            {
                Assert.AreEqual(360, seen.Rows, "a tenth of 400 rows held out");
                Assert.IsTrue(model.History.Epochs.All(e => e.ValidationLoss != null));
            }

            // Under 100 rows nothing is held out, and an option that needs validation rows says so.
            var small = Ml.Data.LoadFromEnumerable(Synthetic.Rows(99, seed: 13));
            options.Observers.Clear();
            using (var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(small))
            {
                Assert.IsTrue(model.History.Epochs.All(e => e.ValidationLoss == null));
                Assert.HasCount(30, model.History.Epochs);
            }
            options.RefitOnAllRows = true;
            StringAssert.Contains(Assert.Throws<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(options).Fit(small)).Message,
                "Options.RefitOnAllRows needs a validation set, but the automatic ValidationFraction holds none out of 99 training rows (it needs 100); set ValidationFraction or ValidationSet.");

            // With a validation set given, nothing is held out.
            var given = Synthetic.Options(3, TaskDefinition.Binary("Positive"));
            given.ValidationFraction = null;
            given.ValidationSet = small;
            var rows = new TrainingRows();
            given.Observers.Add(rows);
            using (Ml.MultiTask().Trainers.MultiTask(given).Fit(Ml.Data.LoadFromEnumerable(Synthetic.Rows(400, seed: 13))))
            {
                Assert.AreEqual(400, rows.Rows);
            }
        }

        [TestMethod]
        public void RefitOnAllRowsTrainsTheChosenEpochsOnEveryRow()
        {
            var (train, options) = Case(10);
            options.ValidationSet = null;
            options.ValidationFraction = 0.3;
            options.EarlyStoppingPatience = 2;
            using var validated = Ml.MultiTask().Trainers.MultiTask(options).Fit(train);
            int best = validated.History.BestEpoch;

            options.RefitOnAllRows = true;
            var rows = new TrainingRows();
            options.Observers.Add(rows);
            using var refit = Ml.MultiTask().Trainers.MultiTask(options).Fit(train);
            Assert.AreEqual(160, rows.Rows, "the final model saw every row");
            Assert.HasCount(best, refit.History.Epochs, "for the epochs early stopping chose");
            Assert.IsTrue(refit.History.Epochs.All(e => e.ValidationLoss == null));

            // The same as training on all rows for that many epochs with the same seed.
            var (_, plain) = Case(best);
            plain.ValidationSet = null;
            using var direct = Ml.MultiTask().Trainers.MultiTask(plain).Fit(train);
            CollectionAssert.AreEqual(Scores(direct, train), Scores(refit, train));

            options.Tasks[0].Threshold = DecisionThreshold.MaximizeF1();
            StringAssert.Contains(Assert.Throws<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(options)).Message, "Options.RefitOnAllRows leaves no validation rows to choose the threshold of task 'Positive' on");
        }

        private sealed class TrainingRows : Training.TrainingObserver
        {
            public int Rows { get; private set; }

            public int Positives { get; private set; }

            public override void OnTrainingEnd(Architectures.IMultiTaskNetwork network, Data.MultiTaskDataSet training)
            {
                Rows = training.RowCount;
                var labels = training.Labels(0).ToArray();
                Positives = labels.Count(l => l == 1);
            }
        }

        [TestMethod]
        public void TrainingWarnsWhenTheBestEpochIsTheLastOrTheFirst()
        {
            var ml = new MLContext(seed: 1);
            var log = new System.Collections.Generic.List<string>();
            ml.Log += (_, e) => log.Add(e.Message);
            var options = Synthetic.Options(3, TaskDefinition.Binary("Positive"));
            options.LearningRate = 0.001;
            options.ValidationSet = ml.Data.LoadFromEnumerable(Synthetic.Rows(100, seed: 3));
            using (var model = ml.MultiTask().Trainers.MultiTask(options).Fit(ml.Data.LoadFromEnumerable(Synthetic.Rows(200, seed: 4))))
            {
                Assert.AreEqual(3, model.History.BestEpoch, "a slow rate still improves at the end");
            }
            Assert.IsTrue(log.Any(m => m.Contains("The validation loss was still improving at the last epoch (3); the model may be undertrained.", StringComparison.Ordinal)));

            // Validation labels that contradict the training labels: every epoch of learning makes the validation loss worse.
            var flipped = options;
            flipped.MaxEpochs = 6;
            flipped.ValidationSet = ml.Data.LoadFromEnumerable(Synthetic.Rows(100, seed: 3).Select(r => { r.Positive = !r.Positive; return r; }).ToList());
            flipped.LearningRate = 0.01;
            log.Clear();
            using (var model = ml.MultiTask().Trainers.MultiTask(flipped).Fit(ml.Data.LoadFromEnumerable(Synthetic.Rows(200, seed: 4))))
            {
                Assert.AreEqual(1, model.History.BestEpoch);
                Assert.IsTrue(log.Any(m => m.Contains("The best validation loss was in the first of 6 epochs", StringComparison.Ordinal)));
            }
        }

        [TestMethod]
        public void BadEarlyStoppingOptionsAreClearErrors()
        {
            var (_, options) = Case(3);
            options.EarlyStoppingTask = "Nope";
            StringAssert.Contains(Assert.Throws<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(options)).Message, "Options.EarlyStoppingTask is 'Nope', which is not a task; the tasks are Positive, Noise.");
            (_, options) = Case(3);
            options.PerTaskEarlyStopping = true;
            options.ValidationSet = null;
            StringAssert.Contains(Assert.Throws<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(options)).Message, "Options.PerTaskEarlyStopping needs Options.ValidationSet");
            (_, options) = Case(3);
            options.PerTaskEarlyStopping = true;
            options.EarlyStoppingPatience = 0;
            StringAssert.Contains(Assert.Throws<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(options)).Message, "the patience must be > 0.");
        }
    }
}
