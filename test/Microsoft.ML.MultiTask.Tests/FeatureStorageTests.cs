using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Storage;
using Microsoft.ML.MultiTask.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>Training from a temporary file: the same batches and model as in memory, block shuffling, and no file left behind on any path.</summary>
    [TestClass]
    public sealed class FeatureStorageTests
    {
        private static MultiTaskTrainer.Options Options(FeatureStorage storage)
        {
            var options = Synthetic.Options(4, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"), TaskDefinition.Multiclass("Group"));
            options.FeatureStorage = storage;
            options.ValidationFraction = 0.2;
            return options;
        }

        private static float[] Scores(ITransformer model, IDataView data)
        {
            var scored = model.Transform(data);
            return scored.GetColumn<float>("Positive.Score").Concat(scored.GetColumn<float>("Amount.Score")).Concat(scored.GetColumn<float[]>("Group.Score").SelectMany(s => s)).ToArray();
        }

        [TestMethod]
        public void DataInOneBlockTrainsTheInMemoryModelBitForBitAndLeavesNoFile()
        {
            using var folder = new TemporaryFolder();
            var ml = new MLContext(seed: 1);
            var log = new List<string>();
            ml.Log += (_, e) => log.Add(e.Message);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(600, seed: 4));
            using var inMemory = ml.MultiTask().Trainers.MultiTask(Options(new InMemoryFeatureStorage())).Fit(data);
            using var fromFile = ml.MultiTask().Trainers.MultiTask(Options(new TemporaryFileFeatureStorage { Directory = folder.Path })).Fit(data);

            CollectionAssert.AreEqual(Scores(inMemory, data), Scores(fromFile, data), "one block: the in-memory order, batches and bits");
            Assert.IsTrue(log.Any(m => m.Contains("in a temporary file", StringComparison.Ordinal) && m.Contains("in 1 block,", StringComparison.Ordinal)), "the features were read from the file");
            Assert.IsEmpty(Directory.GetFileSystemEntries(folder.Path), "the temporary file is gone");
        }

        [TestMethod]
        public void SmallBlocksShuffleBlockByBlockReproduciblyAndStillLearn()
        {
            using var folder = new TemporaryFolder();
            var ml = new MLContext(seed: 1);
            var log = new List<string>();
            ml.Log += (_, e) => log.Add(e.Message);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(600, seed: 4));
            MultiTaskTrainer.Options Blocks() => Options(new TemporaryFileFeatureStorage { Directory = folder.Path, BlockSizeKilobytes = 2 });
            using var first = ml.MultiTask().Trainers.MultiTask(Blocks()).Fit(data);
            using var second = ml.MultiTask().Trainers.MultiTask(Blocks()).Fit(data);
            using var inMemory = ml.MultiTask().Trainers.MultiTask(Options(new InMemoryFeatureStorage())).Fit(data);

            var scores = Scores(first, data);
            CollectionAssert.AreEqual(scores, Scores(second, data), "same seed, same bits");
            CollectionAssert.AreNotEqual(Scores(inMemory, data), scores, "another order (block shuffle) than the in-memory shuffle");
            Assert.IsTrue(log.Any(m => m.Contains("in a temporary file", StringComparison.Ordinal) && !m.Contains("in 1 block,", StringComparison.Ordinal)), "several blocks");
            var auc = ml.BinaryClassification.EvaluateNonCalibrated(first.Transform(data), "Positive", "Positive.Score", "Positive.PredictedLabel").AreaUnderRocCurve;
            var inMemoryAuc = ml.BinaryClassification.EvaluateNonCalibrated(inMemory.Transform(data), "Positive", "Positive.Score", "Positive.PredictedLabel").AreaUnderRocCurve;
            Assert.IsGreaterThan(inMemoryAuc - 0.02, auc, "block shuffling learns as well");
            Assert.IsEmpty(Directory.GetFileSystemEntries(folder.Path));
        }

        [TestMethod]
        public void AnEpochReadsEachBlockOnceWithItsRowsShuffledInside()
        {
            var blockStarts = new[] { 0, 10, 25 };
            var order = new MinibatchOrder(40, seed: 5, blockStarts: blockStarts).ForEpoch(1);
            CollectionAssert.AreEquivalent(Enumerable.Range(0, 40).ToArray(), order);
            int BlockOf(int row) => row < 10 ? 0 : row < 25 ? 1 : 2;
            var runs = order.Select(BlockOf).Aggregate(new List<int>(), (list, block) =>
            {
                if (list.Count == 0 || list[^1] != block)
                {
                    list.Add(block);
                }
                return list;
            });
            CollectionAssert.AreEquivalent(new[] { 0, 1, 2 }, runs, "each block's rows in one run");
            Assert.IsFalse(order.Take(10).SequenceEqual(order.Take(10).OrderBy(r => r)), "rows are shuffled within a block");
            CollectionAssert.AreEqual(new MinibatchOrder(40, 5).ForEpoch(3), new MinibatchOrder(40, 5, blockStarts: new[] { 0 }).ForEpoch(3), "one block is the order without blocks");

            // Ranking groups keep together and go with the block of their first row.
            var groups = Enumerable.Range(0, 40).Select(r => r / 4).ToArray();
            var grouped = new MinibatchOrder(40, 5, groups, blockStarts).ForEpoch(2);
            for (int i = 0; i < 40; i += 4)
            {
                Assert.AreEqual(1, grouped.Skip(i).Take(4).Select(r => groups[r]).Distinct().Count(), "a group's rows follow one another");
            }
        }

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public void ASpilledMatrixReadsTheSameBatchesEntriesAndSubsetsAsMemory(bool standardize)
        {
            var random = new Random(9);
            const int rows = 500, width = 30;
            var entries = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, width).Where(_ => random.NextDouble() < 0.2)
                .Select(slot => (slot, value: (float)random.NextDouble() * 10 - 5)).ToArray()).ToArray();
            var statistics = new ScalingStatistics(width);
            using var folder = new TemporaryFolder();
            var memory = new InMemoryFeatureSink(width);
            using var sink = new TemporaryFileFeatureSink(width, folder.Path, blockBytes: 1024, wrapWrites: null);
            foreach (var row in entries)
            {
                var indices = row.Select(e => e.slot).ToArray();
                var values = row.Select(e => e.value).ToArray();
                statistics.Add(indices, values);
                memory.Append(indices, values);
                sink.Append(indices, values);
            }
            var scaling = statistics.Fit(rows, standardize);
            var expected = memory.Complete(scaling, dense: standardize);
            using var spilled = (SpilledFeatureMatrix)sink.Complete(scaling, dense: standardize);
            Assert.IsGreaterThan(5, spilled.BlockCount);

            var order = new MinibatchOrder(rows, 3, blockStarts: spilled.BlockStarts).ForEpoch(1);
            spilled.Plan(order);
            for (int start = 0; start < rows; start += 64)
            {
                var batch = order.AsSpan(start, Math.Min(64, rows - start));
                using var a = expected.Batch(batch, CPU);
                using var b = spilled.Batch(batch, CPU);
                CollectionAssert.AreEqual(a.data<float>().ToArray(), b.data<float>().ToArray());
            }
            CollectionAssert.AreEqual(NonZeros(expected), NonZeros(spilled));
            var subset = Enumerable.Range(0, rows).Where(r => r % 3 == 1).ToArray();
            using var spilledSubset = (SpilledFeatureMatrix)spilled.Subset(subset);
            CollectionAssert.AreEqual(NonZeros(expected.Subset(subset)), NonZeros(spilledSubset));
        }

        private static List<(int, int, float)> NonZeros(FeatureMatrix matrix)
        {
            var all = new List<(int, int, float)>();
            matrix.VisitNonZeros((row, slot, value) => all.Add((row, slot, value)));
            return all;
        }

        [TestMethod]
        public void TheNextBlockIsReadOnAnotherThreadAndAFailedReadSurfacesWhenItsBlockIsNeeded()
        {
            using var folder = new TemporaryFolder();
            using var sink = new TemporaryFileFeatureSink(4, folder.Path, blockBytes: 64, wrapWrites: null);
            for (int row = 0; row < 100; row++)
            {
                sink.Append(new[] { 0, 3 }, new[] { row + 1f, -1f });
            }
            using var matrix = (SpilledFeatureMatrix)sink.Complete(null, dense: false);
            var readers = new Dictionary<int, int>();
            var started = new ManualResetEventSlim();
            matrix.BeforeBlockRead = block =>
            {
                lock (readers)
                {
                    readers[block] = Environment.CurrentManagedThreadId;
                }
                if (block == 3)
                {
                    throw new IOException("simulated device error");
                }
            };
            var starts = matrix.BlockStarts;
            var order = Enumerable.Range(0, 100).ToArray();
            matrix.Plan(order);
            using (var first = matrix.Batch(order.AsSpan(0, starts[1]), CPU))
            {
                Assert.AreEqual(1f, first[0, 0].item<float>());
            }
            SpinWait.SpinUntil(() => { lock (readers) { return readers.ContainsKey(1); } }, 5000);
            lock (readers)
            {
                Assert.AreNotEqual(Environment.CurrentManagedThreadId, readers[1], "block 1 was read ahead on another thread");
            }
            using (matrix.Batch(order.AsSpan(starts[1], starts[3] - starts[1]), CPU))
            {
            }
            var error = Assert.ThrowsExactly<IOException>(() => matrix.Batch(order.AsSpan(starts[3], 1), CPU));
            StringAssert.Contains(error.Message, "block 3");
            StringAssert.Contains(error.Message, "simulated device error");
        }

        [TestMethod]
        public void ACursorThatFailsMidwayIsNamedWithItsRowAndNoFileIsLeft()
        {
            using var folder = new TemporaryFolder();
            var ml = new MLContext(seed: 1);
            static IEnumerable<SyntheticRow> FailingAt(int failAt)
            {
                foreach (var (row, i) in Synthetic.Rows(300, seed: 2).Select((r, i) => (r, i)))
                {
                    if (i == failAt)
                    {
                        throw new InvalidDataException("the source went away");
                    }
                    yield return row;
                }
            }
            var data = ml.Data.LoadFromEnumerable(FailingAt(250));
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => ml.MultiTask().Trainers.MultiTask(Options(new TemporaryFileFeatureStorage { Directory = folder.Path })).Fit(data));
            StringAssert.Contains(error.Message, "row 250 of the training data");
            StringAssert.Contains(error.Message, "the source went away");
            Assert.IsEmpty(Directory.GetFileSystemEntries(folder.Path));
        }

        [TestMethod]
        public void AFullDiskIsReportedWithTheFolderAndTheFileIsRemoved()
        {
            using var folder = new TemporaryFolder();
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(3000, seed: 2));
            var storage = new TemporaryFileFeatureStorage { Directory = folder.Path, WrapWrites = stream => new FullDiskStream(stream, capacity: 20_000) };
            var error = Assert.ThrowsExactly<IOException>(() => ml.MultiTask().Trainers.MultiTask(Options(storage)).Fit(data));
            StringAssert.Contains(error.Message, folder.Path);
            StringAssert.Contains(error.Message, "No space left on device");
            StringAssert.Contains(error.Message, "The file has been removed");
            Assert.IsEmpty(Directory.GetFileSystemEntries(folder.Path));
        }

        [TestMethod]
        public void CancellingWhileBlocksAreReadAheadStopsCleanlyAndLeavesNoFile()
        {
            using var folder = new TemporaryFolder();
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(2000, seed: 2));
            using var source = new CancellationTokenSource();
            var options = Options(new TemporaryFileFeatureStorage { Directory = folder.Path, BlockSizeKilobytes = 4 });
            options.MaxEpochs = 50;
            options.CancellationToken = source.Token;
            options.Observers.Add(new StepRecorder(step =>
            {
                if (step.Epoch == 2 && step.StepInEpoch == 7)
                {
                    source.Cancel();
                }
            }));
            Assert.ThrowsExactly<OperationCanceledException>(() => ml.MultiTask().Trainers.MultiTask(options).Fit(data));
            Assert.IsEmpty(Directory.GetFileSystemEntries(folder.Path));
        }

        [TestMethod]
        public void BadStorageOptionsAreNamed()
        {
            var ml = new MLContext(seed: 1);
            var options = Options(new TemporaryFileFeatureStorage { BlockSizeKilobytes = 0 });
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MultiTask().Trainers.MultiTask(options));
            StringAssert.Contains(error.Message, "Options.FeatureStorage.BlockSizeKilobytes must be in [1, 1048576]");
            options.FeatureStorage = new TemporaryFileFeatureStorage { Directory = "/no/such/folder" };
            var missing = Assert.ThrowsExactly<DirectoryNotFoundException>(() => ml.MultiTask().Trainers.MultiTask(options));
            StringAssert.Contains(missing.Message, "'/no/such/folder', which does not exist");
            options.FeatureStorage = null!;
            Assert.ThrowsExactly<ArgumentNullException>(() => ml.MultiTask().Trainers.MultiTask(options));
        }
    }
}
