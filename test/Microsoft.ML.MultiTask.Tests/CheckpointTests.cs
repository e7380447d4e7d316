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

        private static SharedEncoderTrainer.Options Options(MLContext ml)
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
            interrupted.Progress = new CallbackProgress(summary =>
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

        [TestMethod]
        public void CheckpointOfAnotherRunIsRefusedWithWhatDiffers()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(200, seed: 7));
            var first = Options(ml);
            first.MaxEpochs = 1;
            first.CheckpointFolder = _folder;
            ml.MultiTask().Trainers.SharedEncoder(first).Fit(data).Dispose();

            var other = Options(ml);
            other.Seed = 99;
            other.ResumeFromCheckpoint = Path.Combine(_folder, "checkpoint-epoch-0001.mtcheckpoint");
            var error = Assert.ThrowsExactly<ArgumentException>(() => ml.MultiTask().Trainers.SharedEncoder(other).Fit(data));
            StringAssert.Contains(error.Message, "ResumeFromCheckpoint");
            StringAssert.Contains(error.Message, "seed 3");
            StringAssert.Contains(error.Message, "seed 99");
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
