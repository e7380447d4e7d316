using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class ExampleWeightTests
    {
        private static MultiTaskTrainer.Options Options(int rows, string? weightColumn)
        {
            // One full batch per epoch: the weighted mean loss over the rows is then the plain mean over the duplicated rows.
            // (Classification tasks: a regression task standardizes its labels by row statistics, which duplication changes.)
            var options = Synthetic.Options(3, TaskDefinition.Binary("Positive"), TaskDefinition.Multiclass("Group"));
            options.BatchSize = rows;
            options.NormalizeFeatures = false;
            options.ExampleWeightColumnName = weightColumn;
            return options;
        }

        [TestMethod]
        public void AWeightOfTwoCountsTheRowTwice()
        {
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(120, seed: 9);
            foreach (var (row, i) in rows.Select((r, i) => (r, i)))
            {
                row.Weight = i % 3 == 0 ? 2 : 1;
            }
            // Copies next to their row keep the order in which classes first appear (which fixes the class order).
            var expanded = rows.SelectMany(r => Enumerable.Repeat(r, (int)r.Weight)).ToList();
            var probe = ml.Data.LoadFromEnumerable(Synthetic.Rows(30, seed: 10));
            float[] Scores(ITransformer model) => model.Transform(probe).GetColumn<float>("Positive.Score").Concat(model.Transform(probe).GetColumn<float[]>("Group.Score").SelectMany(v => v)).ToArray();

            using var weighted = ml.MultiTask().Trainers.MultiTask(Options(rows.Count, nameof(SyntheticRow.Weight))).Fit(ml.Data.LoadFromEnumerable(rows));
            using var duplicated = ml.MultiTask().Trainers.MultiTask(Options(expanded.Count, null)).Fit(ml.Data.LoadFromEnumerable(expanded));
            using var unweighted = ml.MultiTask().Trainers.MultiTask(Options(rows.Count, null)).Fit(ml.Data.LoadFromEnumerable(rows));
            var (w, d, u) = (Scores(weighted), Scores(duplicated), Scores(unweighted));
            for (int i = 0; i < w.Length; i++)
            {
                Assert.AreEqual(d[i], w[i], 1e-3 * (1 + Math.Abs(d[i])), "weighted rows = duplicated rows");
            }
            Assert.IsGreaterThan(1e-2, w.Zip(u, (a, b) => Math.Abs(a - b)).Max(), "the weights change the model");
            Assert.AreEqual(duplicated.History.Epochs[0].TrainingLoss, weighted.History.Epochs[0].TrainingLoss, 1e-5, "the loss is the weighted mean");
        }

        [TestMethod]
        public void AMissingNegativeOrMistypedWeightIsNamed()
        {
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(20, seed: 9);
            rows[7].Weight = -1;
            var data = ml.Data.LoadFromEnumerable(rows);
            string Error<T>(string column, IDataView on)
                where T : Exception
                => Assert.ThrowsExactly<T>(() => ml.MultiTask().Trainers.MultiTask(Options(20, column)).Fit(on)).Message;
            StringAssert.Contains(Error<InvalidOperationException>(nameof(SyntheticRow.Weight), data), "Example weight column 'Weight' has -1 at row 7 of the training data; weights must be finite and >= 0.");
            StringAssert.Contains(Error<ArgumentOutOfRangeException>("Importance", data), "Example weight column 'Importance' was not found in the training data. Available columns:");
            StringAssert.Contains(Error<ArgumentOutOfRangeException>(nameof(SyntheticRow.GroupNumber), data), "Example weight column 'GroupNumber' has type Int32; expected Single");
        }
    }
}
