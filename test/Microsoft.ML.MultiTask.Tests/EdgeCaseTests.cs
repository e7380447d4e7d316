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

            var metrics = ml.MultiTask().Evaluate(model.Transform(ml.Data.LoadFromEnumerable(rows)), model);

            int unseen = rows.Count(r => r.Group == "north-east");
            Assert.AreEqual(unseen, metrics["Group"].UnknownClassRowCount);
            Assert.AreEqual(rows.Count - unseen, metrics["Group"].LabelledRowCount);
            StringAssert.Contains(metrics.ToString(), $"Group: {unseen} rows have a class not seen in training");
            Assert.IsTrue(double.IsFinite(metrics["Group"].Multiclass!.MicroAccuracy));
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
            Assert.IsTrue(log.Any(m => m.Contains($"{width} features (sparse", StringComparison.Ordinal)), "the training data is held sparse");
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
            var options = Synthetic.Options(4, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
            options.ValidationSet = ml.Data.LoadFromEnumerable(Synthetic.Rows(1, seed: 9));
            using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(ml.Data.LoadFromEnumerable(Synthetic.Rows(200, seed: 1)));
            Assert.IsTrue(model.History.Epochs.All(e => e.ValidationLoss.HasValue && double.IsFinite(e.ValidationLoss.Value)));
            Assert.IsTrue(model.History.BestEpoch is >= 1 and <= 4);
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
