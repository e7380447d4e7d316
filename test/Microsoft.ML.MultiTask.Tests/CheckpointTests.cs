using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class CheckpointTests
    {
        private string _folder = null!;

        [TestInitialize]
        public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("multitask-checkpoints-").FullName;

        [TestCleanup]
        public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

        private static MultiTaskTrainer.Options Options(MLContext ml)
        {
            var options = Synthetic.Options(6, TaskDefinition.Binary("Positive"), TaskDefinition.Multiclass("Group"), TaskDefinition.Regression("Amount"));
            options.Dropout = 0.2;
            options.ValidationSet = ml.Data.LoadFromEnumerable(Synthetic.Rows(100, seed: 8));
            options.EarlyStoppingPatience = 0;
            return options;
        }

        private static float[] Scores(MultiTaskTransformer model, IDataView data)
        {
            var scored = model.Transform(data);
            return scored.GetColumn<float>("Positive.Score").Concat(scored.GetColumn<float>("Amount.Score"))
                .Concat(scored.GetColumn<float[]>("Group.Score").SelectMany(v => v)).ToArray();
        }

        [TestMethod]
        public void ResumedRunReachesTheWeightsOfAnUninterruptedRun()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(500, seed: 7));
            using var uninterrupted = ml.MultiTask().Trainers.SharedEncoder(Options(ml)).Fit(data);

            // The same run, checkpointing every 2 epochs, stopped after epoch 4.
            var interrupted = Options(ml);
            interrupted.CheckpointFolder = _folder;
            interrupted.CheckpointInterval = 2;
            using var stop = new CancellationTokenSource();
            interrupted.CancellationToken = stop.Token;
            interrupted.Progress = new CallbackProgress<TrainingEpochSummary>(summary =>
            {
                if (summary.Epoch == 4)
                {
                    stop.Cancel();
                }
            });
            Assert.ThrowsExactly<OperationCanceledException>(() => ml.MultiTask().Trainers.SharedEncoder(interrupted).Fit(data));
            CollectionAssert.AreEquivalent(new[] { "checkpoint-epoch-0002.mtcheckpoint", "checkpoint-epoch-0004.mtcheckpoint" },
                Directory.GetFiles(_folder).Select(Path.GetFileName).ToArray());

            var resume = Options(ml);
            resume.ResumeFromCheckpoint = Path.Combine(_folder, "checkpoint-epoch-0004.mtcheckpoint");
            using var resumed = ml.MultiTask().Trainers.SharedEncoder(resume).Fit(data);

            CollectionAssert.AreEqual(Scores(uninterrupted, data), Scores(resumed, data), "bitwise-identical predictions");
            Assert.HasCount(6, resumed.History.Epochs);
            CollectionAssert.AreEqual(uninterrupted.History.Epochs.Select(e => e.TrainingLoss).ToArray(), resumed.History.Epochs.Select(e => e.TrainingLoss).ToArray());
            CollectionAssert.AreEqual(uninterrupted.History.Epochs.Select(e => e.ValidationLoss).ToArray(), resumed.History.Epochs.Select(e => e.ValidationLoss).ToArray());
            Assert.AreEqual(uninterrupted.History.BestEpoch, resumed.History.BestEpoch);
        }

        public static System.Collections.Generic.IEnumerable<object[]> ChangedOptions => new[]
        {
            new object[] { "Seed", (Action<MultiTaskTrainer.Options>)(o => o.Seed = 99), "Seed: 3 in the checkpoint, 99 in this run" },
            new object[] { "LearningRate", (Action<MultiTaskTrainer.Options>)(o => o.LearningRate = 0.02), "LearningRate: 0.01 in the checkpoint, 0.02 in this run" },
            new object[] { "Activation", (Action<MultiTaskTrainer.Options>)(o => o.Activation = Activation.Tanh), "Activation: Relu in the checkpoint, Tanh in this run" },
            new object[] { "WeightDecay", (Action<MultiTaskTrainer.Options>)(o => o.WeightDecay = 0.01), "WeightDecay: 0.0001 in the checkpoint, 0.01 in this run" },
            new object[] { "Architecture", (Action<MultiTaskTrainer.Options>)(o => o.Architecture = new HardSharing { SharedLayers = new[] { 16, 8 } }), "Architecture: HardSharing(SharedLayers=[16]) in the checkpoint, HardSharing(SharedLayers=[16, 8]) in this run" },
            new object[] { "MaxGradientNorm", (Action<MultiTaskTrainer.Options>)(o => o.MaxGradientNorm = 1), "MaxGradientNorm: null in the checkpoint, 1 in this run" },
        };

        [TestMethod]
        [DynamicData(nameof(ChangedOptions))]
        public void CheckpointOfARunWithAnotherOptionIsRefusedNamingTheOption(string option, Action<MultiTaskTrainer.Options> change, string expected)
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(200, seed: 7));
            var first = Options(ml);
            first.MaxEpochs = 1;
            first.CheckpointFolder = _folder;
            ml.MultiTask().Trainers.SharedEncoder(first).Fit(data).Dispose();

            var other = Options(ml);
            change(other);
            other.ResumeFromCheckpoint = Path.Combine(_folder, "checkpoint-epoch-0001.mtcheckpoint");
            var error = Assert.ThrowsExactly<ArgumentException>(() => ml.MultiTask().Trainers.MultiTask(other).Fit(data), option);
            StringAssert.Contains(error.Message, "ResumeFromCheckpoint");
            StringAssert.Contains(error.Message, expected);
        }

        [TestMethod]
        public void ResumedRunKeepsTheEarlyStoppingCountersAndStopsWhereTheUninterruptedRunStops()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(300, seed: 7));
            MultiTaskTrainer.Options Patient()
            {
                var options = Options(ml);
                options.MaxEpochs = 30;
                options.LearningRate = 0.05;
                options.EarlyStoppingPatience = 2;
                options.CheckpointFolder = _folder;
                return options;
            }
            using var uninterrupted = ml.MultiTask().Trainers.SharedEncoder(Patient()).Fit(data);
            Assert.IsTrue(uninterrupted.History.StoppedEarly, "the case must stop early to test the counters");
            int stopped = uninterrupted.History.Epochs.Count;
            // The checkpoint of the epoch before the stop holds one epoch without improvement; a resume that lost
            // the counter would run two more epochs instead of one.
            var resume = Patient();
            resume.CheckpointFolder = null;
            resume.ResumeFromCheckpoint = Path.Combine(_folder, TrainingCheckpointName(stopped - 1));
            using var resumed = ml.MultiTask().Trainers.SharedEncoder(resume).Fit(data);
            Assert.AreEqual(stopped, resumed.History.Epochs.Count);
            Assert.AreEqual(uninterrupted.History.BestEpoch, resumed.History.BestEpoch);
            CollectionAssert.AreEqual(Scores(uninterrupted, data), Scores(resumed, data));
        }

        private static string TrainingCheckpointName(int epoch) => $"checkpoint-epoch-{epoch:D4}.mtcheckpoint";

        [TestMethod]
        public void CheckpointOfTheEarlierFormatIsRefusedWithAClearError()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(50, seed: 7));
            string old = Path.Combine(_folder, "old.mtcheckpoint");
            using (var writer = new BinaryWriter(File.Create(old)))
            {
                writer.Write("Microsoft.ML.MultiTask checkpoint");
                writer.Write(1);
                writer.Write("500 rows × 4 features");
            }
            var options = Options(ml);
            options.ResumeFromCheckpoint = old;
            var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.MultiTask().Trainers.SharedEncoder(options).Fit(data));
            StringAssert.Contains(error.Message, "checkpoint format 1, written by an earlier version");
            StringAssert.Contains(error.Message, old);
        }

        [TestMethod]
        public void DamagedOrMissingCheckpointNamesTheFile()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(50, seed: 7));
            string damaged = Path.Combine(_folder, "damaged.mtcheckpoint");
            File.WriteAllText(damaged, "not a checkpoint");
            var options = Options(ml);
            options.ResumeFromCheckpoint = damaged;
            var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.MultiTask().Trainers.SharedEncoder(options).Fit(data));
            StringAssert.Contains(error.Message, damaged);
            options.ResumeFromCheckpoint = Path.Combine(_folder, "missing.mtcheckpoint");
            var missing = Assert.ThrowsExactly<FileNotFoundException>(() => ml.MultiTask().Trainers.SharedEncoder(options).Fit(data));
            StringAssert.Contains(missing.Message, "missing.mtcheckpoint");
        }
    }
}
