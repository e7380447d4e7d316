using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class MissingLabelTests
    {
        [TestMethod]
        public void TaskWithThirtyPercentBlankLabelsStillLearns()
        {
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(600, seed: 21);
            var random = new Random(5);
            var train = rows.Take(400).Select(r => new { Row = r, Blank = random.NextDouble() < 0.3 }).ToList();
            var blanked = train.Select(t => new PartialRow { Features = t.Row.Features, Positive = t.Blank ? float.NaN : (t.Row.Positive ? 1 : 0), Amount = (float)t.Row.Amount }).ToList();
            Assert.IsGreaterThan(100, blanked.Count(r => float.IsNaN(r.Positive)));
            var options = Synthetic.Options(20, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
            using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(ml.Data.LoadFromEnumerable(blanked));

            var test = rows.Skip(400).Select(r => new PartialRow { Features = r.Features, Positive = r.Positive ? 1 : 0, Amount = (float)r.Amount }).ToList();
            var metrics = ml.MultiTask().Evaluate(model.Transform(ml.Data.LoadFromEnumerable(test)), model);
            Assert.IsGreaterThan(0.95, metrics["Positive"].Binary!.AreaUnderRocCurve);
            Assert.IsGreaterThan(0.9, metrics["Amount"].Regression!.RSquared);
        }

        [TestMethod]
        public void RowsWithoutALabelAreLeftOutOfThatTasksMetricsOnly()
        {
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(300, seed: 2).Select((r, i) => new PartialRow { Features = r.Features, Positive = i % 3 == 0 ? float.NaN : (r.Positive ? 1 : 0), Amount = (float)r.Amount }).ToList();
            var data = ml.Data.LoadFromEnumerable(rows);
            using var model = ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(5, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"))).Fit(data);
            var metrics = ml.MultiTask().Evaluate(model.Transform(data), model);
            Assert.AreEqual(200, metrics["Positive"].LabelledRowCount);
            Assert.AreEqual(300, metrics["Amount"].LabelledRowCount);
        }

        [TestMethod]
        public void TextMarkersOfAMissingClassLeaveTheRowToTheOtherTasks()
        {
            var ml = new MLContext(seed: 1);
            var markers = new[] { "NA", "N/A", "?", "" };
            // Rows 0-3 of every ten carry one marker each: 20 rows per marker, 80 of 200 without a class.
            List<SyntheticRow> Marked(int count, int seed) => Synthetic.Rows(count, seed).Select((r, i) =>
            {
                r.Group = i % 10 < markers.Length ? markers[i % 10] : r.Group;
                return r;
            }).ToList();
            var data = ml.Data.LoadFromEnumerable(Marked(200, 3));
            using var model = ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(5, TaskDefinition.Multiclass("Group"), TaskDefinition.Regression("Amount"))).Fit(data);
            CollectionAssert.AreEquivalent(new[] { "south-west", "south-east", "north-west", "north-east" }, model.ClassNames["Group"].ToArray(), "no marker is a class");

            var metrics = ml.MultiTask().Evaluate(model.Transform(data), model);
            Assert.AreEqual(120, metrics["Group"].LabelledRowCount);
            Assert.AreEqual(0, metrics["Group"].UnknownClassRowCount, "a marker is a missing label, not an unseen class");
            Assert.AreEqual(200, metrics["Amount"].LabelledRowCount);

            // Each marker alone: 10 marked rows of 100 drop out of Group's metrics only.
            foreach (var marker in markers)
            {
                var rows = Synthetic.Rows(100, 4).Select((r, i) =>
                {
                    r.Group = i % 10 == 0 ? marker : r.Group;
                    return r;
                }).ToList();
                var each = ml.MultiTask().Evaluate(model.Transform(ml.Data.LoadFromEnumerable(rows)), model);
                Assert.AreEqual(90, each["Group"].LabelledRowCount, $"marker '{marker}'");
                Assert.AreEqual(0, each["Group"].UnknownClassRowCount, $"marker '{marker}'");
                Assert.AreEqual(100, each["Amount"].LabelledRowCount, $"marker '{marker}'");
            }
        }

        [TestMethod]
        public void KeyZeroIsAMissingClassThatLeavesTheRowToTheOtherTasks()
        {
            var ml = new MLContext(seed: 1);
            var classes = new[] { "north-east", "north-west", "south-east", "south-west" };
            // "unknown" is not among the key values, so it becomes key 0: every fifth row, 40 of 200.
            var rows = Synthetic.Rows(200, 5).Select((r, i) =>
            {
                r.Group = i % 5 == 0 ? "unknown" : r.Group;
                return r;
            }).ToList();
            var data = KeyLabels.MapToKey(ml, ml.Data.LoadFromEnumerable(rows), "GroupKey", nameof(SyntheticRow.Group), classes);
            Assert.AreEqual(40, data.GetColumn<uint>("GroupKey").Count(k => k == 0));
            using var model = ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(5, TaskDefinition.Multiclass("Group", "GroupKey"), TaskDefinition.Regression("Amount"))).Fit(data);
            CollectionAssert.AreEqual(classes, model.ClassNames["Group"].ToArray());

            var metrics = ml.MultiTask().Evaluate(model.Transform(data), model);
            Assert.AreEqual(160, metrics["Group"].LabelledRowCount);
            Assert.AreEqual(0, metrics["Group"].UnknownClassRowCount);
            Assert.AreEqual(200, metrics["Amount"].LabelledRowCount);
        }

        [TestMethod]
        public void AMissingLabelContributesNothingToItsTasksLoss()
        {
            var binary = new BinaryTaskHead(TaskDefinition.Binary("B"));
            var regression = new RegressionTaskHead(TaskDefinition.Regression("R"), 0f, 1f);
            var multiclass = new MulticlassTaskHead((MulticlassTaskDefinition)TaskDefinition.Multiclass("M"), new[] { "a", "b", "c" });
            var multiLabel = new MultiLabelTaskHead(TaskDefinition.MultiLabel("L"), 2);
            AssertSameLoss(binary, new float[] { 0.3f, -2f, 1.5f }, new[] { 1f, float.NaN, 0f }, 1);
            AssertSameLoss(regression, new float[] { 0.3f, -2f, 1.5f }, new[] { 1f, float.NaN, 0f }, 1);
            AssertSameLoss(multiclass, new float[] { 0.3f, -2f, 1.5f, 1f, 0f, -1f, 2f, 2f, 0f }, new[] { 2f, float.NaN, 0f }, 3);
            AssertSameLoss(multiLabel, new float[] { 0.3f, -2f, 1.5f, 1f, 0f, -1f }, new[] { 1f, 0f, float.NaN, float.NaN, 0f, 1f }, 2);
        }

        /// <summary>The loss over rows 0 and 2 must be the same whether row 1 is there with a missing label or not there at all.</summary>
        private static void AssertSameLoss(TaskHead head, float[] logits, float[] labels, int width)
        {
            int labelWidth = labels.Length / 3;
            using var scope = torch.NewDisposeScope();
            var (filled, mask) = TaskHead.FillMissing(labels);
            Assert.IsNotNull(mask, "the labels have a missing entry, so there must be a mask");
            var sum = head.LossSum(torch.tensor(logits, new long[] { 3, width }), torch.tensor(filled, new long[] { 3, labelWidth }), torch.tensor(mask, new long[] { 3, labelWidth }));

            // The same rows with row 1's missing entries removed: for a row-level task, row 1 is dropped.
            var keep = Enumerable.Range(0, 3).Where(r => !labels.Skip(r * labelWidth).Take(labelWidth).All(float.IsNaN)).ToArray();
            var keptLogits = keep.SelectMany(r => logits.Skip(r * width).Take(width)).ToArray();
            var keptLabels = keep.SelectMany(r => labels.Skip(r * labelWidth).Take(labelWidth)).ToArray();
            var (keptFilled, keptMask) = TaskHead.FillMissing(keptLabels);
            var without = head.LossSum(torch.tensor(keptLogits, new long[] { keep.Length, width }), torch.tensor(keptFilled, new long[] { keep.Length, labelWidth }),
                keptMask == null ? null : torch.tensor(keptMask, new long[] { keep.Length, labelWidth }));
            Assert.AreEqual(without.item<float>(), sum.item<float>(), 1e-6, head.Definition.Name);

            // Changing what stands in a missing entry changes nothing.
            var other = (float[])filled.Clone();
            for (int i = 0; i < other.Length; i++)
            {
                other[i] = float.IsNaN(labels[i]) ? 1f : other[i];
            }
            var changed = head.LossSum(torch.tensor(logits, new long[] { 3, width }), torch.tensor(other, new long[] { 3, labelWidth }), torch.tensor(mask, new long[] { 3, labelWidth }));
            Assert.AreEqual(sum.item<float>(), changed.item<float>(), 1e-6, head.Definition.Name);
            Assert.IsTrue(float.IsFinite(sum.item<float>()), head.Definition.Name);
        }

        public sealed class PartialRow
        {
            [VectorType(4)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public float Positive { get; set; }

            public float Amount { get; set; }
        }
    }
}
