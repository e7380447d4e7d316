using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class EdgeCaseTests
    {
        [TestMethod]
        public void ClassUnseenInTrainingIsCountedAndReportedByEvaluate()
        {
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(400, seed: 3);
            var train = ml.Data.LoadFromEnumerable(rows.Where(r => r.Group != "north-east"));
            using var model = ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(5, TaskDefinition.Multiclass("Group"))).Fit(train);

            var scored = model.Transform(ml.Data.LoadFromEnumerable(rows));
            var metrics = ml.MultiTask().Evaluate(scored, model);

            int unseen = rows.Count(r => r.Group == "north-east");
            Assert.AreEqual(unseen, metrics["Group"].UnknownClassRowCount);
            Assert.AreEqual(rows.Count - unseen, metrics["Group"].LabelledRowCount);
            StringAssert.Contains(metrics.ToString(), $"Group: {unseen} rows have a class not seen in training");
            // The accuracy is over the rows of known classes only: the unseen rows, all necessarily wrong, are left out.
            var classes = model.ClassNames["Group"];
            var predicted = scored.GetColumn<uint>("Group.PredictedLabel").Select(key => classes[(int)key - 1]).ToArray();
            var known = rows.Select((r, i) => (r.Group, Predicted: predicted[i])).Where(p => p.Group != "north-east").ToList();
            Assert.AreEqual(known.Count(p => p.Group == p.Predicted) / (double)known.Count, metrics["Group"].Multiclass!.MicroAccuracy, 1e-12);
        }

        [TestMethod]
        public void FiftyThousandOneHotSlotsTrainWithoutDensifyingTheData()
        {
            const int width = 50_000, rowCount = 2_000;
            var ml = new MLContext(seed: 1);
            var random = new Random(5);
            var rows = Enumerable.Range(0, rowCount).Select(_ =>
            {
                var hot = Enumerable.Range(0, 3).Select(_ => random.Next(width)).Distinct().OrderBy(i => i).ToArray();
                return new WideRow
                {
                    Features = new VBuffer<float>(width, hot.Length, hot.Select(_ => 1f).ToArray(), hot),
                    Low = hot[0] < width / 3,
                };
            }).ToList();
            var data = ml.Data.LoadFromEnumerable(rows, SchemaWithWidth(width));
            var options = Synthetic.Options(2, TaskDefinition.Binary("Low"));
            var log = new List<string>();
            ml.Log += (_, e) => log.Add(e.Message);
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

            using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(data);

            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            long dense = 4L * width * rowCount;
            Assert.IsTrue(log.Any(m => m.Contains($"{width} features (in memory, sparse", StringComparison.Ordinal)), "the training data is held sparse");
            Assert.IsLessThan(dense / 4, allocated, $"Fit allocated {allocated >> 20} MB; the dense data would be {dense >> 20} MB");
            var metrics = ml.MultiTask().Evaluate(model.Transform(data), model);
            Assert.IsGreaterThan(0.6, metrics["Low"].Binary!.AreaUnderRocCurve, "the first hot slot decides the label, and training rows are scored back");
        }

        [TestMethod]
        public void OneTaskAlone()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(300, seed: 1));
            using var model = ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(10, TaskDefinition.Regression("Amount"))).Fit(data);
            var metrics = ml.MultiTask().Evaluate(model.Transform(data), model);
            Assert.HasCount(1, metrics.Tasks);
            Assert.IsGreaterThan(0.5, metrics["Amount"].Regression!.RSquared);
        }

        [TestMethod]
        public void TwentyTasks()
        {
            var ml = new MLContext(seed: 1);
            string path = Path.Combine(Path.GetTempPath(), $"multitask-twenty-{Guid.NewGuid():N}.csv");
            var random = new Random(2);
            var lines = Enumerable.Range(0, 400).Select(_ =>
            {
                var x = Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 2 - 1).ToArray();
                // Task i: a different half-plane of the features.
                var labels = Enumerable.Range(0, 20).Select(i => (Math.Cos(i) * x[i % 4]) + (Math.Sin(i) * x[(i + 1) % 4]) > 0 ? "1" : "0");
                return string.Join(",", x.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Concat(labels));
            });
            File.WriteAllLines(path, lines);
            try
            {
                var columns = new List<TextLoader.Column> { new TextLoader.Column("Features", DataKind.Single, 0, 3) };
                columns.AddRange(Enumerable.Range(0, 20).Select(i => new TextLoader.Column($"T{i}", DataKind.Boolean, 4 + i)));
                var data = ml.Data.Cache(ml.Data.LoadFromTextFile(path, columns.ToArray(), separatorChar: ','));
                var options = Synthetic.Options(15, Enumerable.Range(0, 20).Select(i => TaskDefinition.Binary($"T{i}")).ToArray());
                using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(data);
                var metrics = ml.MultiTask().Evaluate(model.Transform(data), model);
                Assert.HasCount(20, metrics.Tasks);
                Assert.IsTrue(metrics.Tasks.All(t => t.Binary!.AreaUnderRocCurve > 0.8), metrics.ToString());
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void OneRowValidationSet()
        {
            var ml = new MLContext(seed: 1);
            var options = Synthetic.Options(4, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount", lossWeight: 0.5f));
            var row = Synthetic.Rows(1, seed: 9)[0];
            options.ValidationSet = ml.Data.LoadFromEnumerable(new[] { row });
            using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(ml.Data.LoadFromEnumerable(Synthetic.Rows(200, seed: 1)));

            var history = model.History;
            Assert.HasCount(4, history.Epochs, "patience 5 never runs out in 4 epochs");
            Assert.IsFalse(history.StoppedEarly);
            var losses = history.Epochs.Select(e => e.ValidationLoss!.Value).ToList();
            Assert.AreEqual(losses.IndexOf(losses.Min()) + 1, history.BestEpoch, "the best epoch is the one with the lowest validation loss");

            // The kept weights are the best epoch's, so the model's own scores of the row give that epoch's validation losses.
            var scored = model.Transform(options.ValidationSet);
            double logit = scored.GetColumn<float>("Positive.Score").Single();
            double crossEntropy = Math.Max(logit, 0) - (logit * (row.Positive ? 1 : 0)) + Math.Log(1 + Math.Exp(-Math.Abs(logit)));
            var amountHead = (Microsoft.ML.MultiTask.Tasks.RegressionTaskHead)model.Heads[1];
            double squaredError = Math.Pow((scored.GetColumn<float>("Amount.Score").Single() - row.Amount) / amountHead.StandardDeviation, 2);
            var best = history.Epochs[history.BestEpoch - 1];
            Assert.AreEqual(crossEntropy, best.ValidationLosses!["Positive"], 1e-5 * Math.Max(1, crossEntropy));
            Assert.AreEqual(squaredError, best.ValidationLosses["Amount"], 1e-4 * Math.Max(1, squaredError));
            Assert.AreEqual(crossEntropy + (0.5 * squaredError), best.ValidationLoss!.Value, 1e-4 * Math.Max(1, best.ValidationLoss.Value), "the summed loss weighs each task by its loss weight");
        }

        private static SchemaDefinition SchemaWithWidth(int width)
        {
            var schema = SchemaDefinition.Create(typeof(WideRow));
            schema[nameof(WideRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
            return schema;
        }

        public sealed class WideRow
        {
            public VBuffer<float> Features { get; set; }

            public bool Low { get; set; }
        }
    }
}
