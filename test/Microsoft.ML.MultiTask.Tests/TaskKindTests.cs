using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class TaskKindTests
    {
        [TestMethod]
        public void EveryLabelTypeTrainsAndEvaluates()
        {
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(800, seed: 4);
            var train = ml.Data.LoadFromEnumerable(rows.Take(600));
            var test = ml.Data.LoadFromEnumerable(rows.Skip(600));
            var options = Synthetic.Options(25,
                TaskDefinition.Binary("Positive"),
                TaskDefinition.Regression("Amount"),
                TaskDefinition.Multiclass("Group"),
                TaskDefinition.Multiclass("Number", "GroupNumber"),
                TaskDefinition.MultiLabel("Tags"),
                TaskDefinition.MultiLabel("TagScores"));
            using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(train);
            var scored = model.Transform(test);
            var metrics = ml.MultiTask().Evaluate(scored, model);

            Assert.IsGreaterThan(0.95, metrics["Positive"].Binary!.AreaUnderRocCurve);
            Assert.IsGreaterThan(0.9, metrics["Amount"].Regression!.RSquared);
            Assert.IsGreaterThan(0.85, metrics["Group"].Multiclass!.MicroAccuracy);
            Assert.IsGreaterThan(0.85, metrics["Number"].Multiclass!.MicroAccuracy);
            CollectionAssert.AreEquivalent(new[] { "10", "20", "30", "40" }, model.ClassNames["Number"].ToArray());
            foreach (var name in new[] { "Tags", "TagScores" })
            {
                var multiLabel = metrics[name].MultiLabel!;
                Assert.HasCount(3, multiLabel.PerLabel);
                Assert.IsGreaterThan(0.9, multiLabel.Micro.AreaUnderRocCurve, name);
                Assert.IsGreaterThan(0.9, multiLabel.MacroAreaUnderRocCurve, name);
            }
            Assert.AreEqual(3, ((VectorDataViewType)scored.Schema["Tags.Probability"].Type).Size);
            Assert.IsInstanceOfType<VectorDataViewType>(scored.Schema["Tags.PredictedLabel"].Type);
            StringAssert.Contains(metrics.ToString(), "| TagScores");

            // Each kind's definition names its own headline figures and the one figure charts compare tasks by.
            var binary = metrics["Positive"].Binary!;
            AssertFigures(metrics["Positive"], ("AUC", binary.AreaUnderRocCurve), new[] { "AUC", "Accuracy", "F1", "LogLoss" }, binary.AreaUnderRocCurve, binary.Accuracy, binary.F1Score, binary.LogLoss);
            var multiclass = metrics["Group"].Multiclass!;
            AssertFigures(metrics["Group"], ("micro-accuracy", multiclass.MicroAccuracy), new[] { "MicroAcc", "MacroAcc", "LogLoss" }, multiclass.MicroAccuracy, multiclass.MacroAccuracy, multiclass.LogLoss);
            var regression = metrics["Amount"].Regression!;
            AssertFigures(metrics["Amount"], ("R²", regression.RSquared), new[] { "MAE", "RMSE", "R2" }, regression.MeanAbsoluteError, regression.RootMeanSquaredError, regression.RSquared);
            var tags = metrics["Tags"].MultiLabel!;
            AssertFigures(metrics["Tags"], ("micro-AUC", tags.Micro.AreaUnderRocCurve), new[] { "MicroAUC", "MacroAUC", "MacroF1", "MicroAcc" },
                tags.Micro.AreaUnderRocCurve, tags.MacroAreaUnderRocCurve, tags.MacroF1Score, tags.Micro.Accuracy);
        }

        [TestMethod]
        public void EveryTaskKindIsCreatedByItsOwnDefinition()
        {
            foreach (var kind in Enum.GetValues<TaskKind>())
            {
                var task = TaskDefinition.Create(kind, "T", "Label", 2f, groupColumnName: "G");
                Assert.AreEqual(kind, task.Kind);
                Assert.AreEqual(("T", "Label", 2f), (task.Name, task.LabelColumnName, task.LossWeight));
                Assert.AreEqual(kind.ToString(), task.GetType().Name.Replace("TaskDefinition", string.Empty, StringComparison.Ordinal), "one definition class per kind");
            }
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TaskDefinition.Create((TaskKind)99, "T", "Label", 1f));
            StringAssert.Contains(error.Message, "Binary, Multiclass, Regression, MultiLabel");
        }

        private static void AssertFigures(TaskMetrics metrics, (string Name, double Value) main, string[] names, params double[] values)
        {
            Assert.AreEqual(KeyValuePair.Create(main.Name, main.Value), metrics.MainFigure, metrics.TaskName);
            CollectionAssert.AreEqual(names, metrics.Headline.Select(p => p.Key).ToArray(), metrics.TaskName);
            CollectionAssert.AreEqual(values, metrics.Headline.Select(p => p.Value).ToArray(), metrics.TaskName);
        }

        [TestMethod]
        public void IntegerBinaryLabelsTrainAndEvaluate()
        {
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(300, seed: 6).Select(r => new IntegerLabelRow
            {
                Features = r.Features,
                Int32Flag = r.Positive ? 1 : 0,
                Int64Flag = r.Positive ? 1L : 0L,
                ByteFlag = (byte)(r.Positive ? 1 : 0),
                UInt64Flag = r.Positive ? 1UL : 0UL,
            }).ToList();
            var data = ml.Data.LoadFromEnumerable(rows);
            var columns = new[] { nameof(IntegerLabelRow.Int32Flag), nameof(IntegerLabelRow.Int64Flag), nameof(IntegerLabelRow.ByteFlag), nameof(IntegerLabelRow.UInt64Flag) };
            using var model = ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(15, columns.Select(c => TaskDefinition.Binary(c)).ToArray())).Fit(data);
            var scored = model.Transform(data);
            var metrics = ml.MultiTask().Evaluate(scored, model);
            foreach (var column in columns)
            {
                Assert.AreEqual(300, metrics[column].LabelledRowCount, column);
                Assert.AreEqual(rows.Count(r => r.Int32Flag == 1), metrics[column].Binary!.ConfusionMatrix.Counts[0].Sum(c => (int)c), column);
                Assert.IsGreaterThan(0.95, metrics[column].Binary!.AreaUnderRocCurve, column);
                Assert.AreEqual(BooleanDataViewType.Instance, scored.Schema[column + ".PredictedLabel"].Type, column);
            }
        }

        [TestMethod]
        public void DoubleClassLabelsKeepDistinctValuesThatFloatWouldMerge()
        {
            var ml = new MLContext(seed: 1);
            // 16777217 is 2^24 + 1: as a float it becomes 16777216, the other class.
            var rows = Synthetic.Rows(200, seed: 8).Select(r => new DoubleClassRow { Features = r.Features, Code = r.Positive ? 16777217.0 : 16777216.0 }).ToList();
            var data = ml.Data.LoadFromEnumerable(rows);
            using var model = ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(15, TaskDefinition.Multiclass("Code"))).Fit(data);
            CollectionAssert.AreEqual(rows[0].Code == 16777217.0 ? new[] { "16777217", "16777216" } : new[] { "16777216", "16777217" }, model.ClassNames["Code"].ToArray());
            var metrics = ml.MultiTask().Evaluate(model.Transform(data), model);
            Assert.AreEqual(200, metrics["Code"].LabelledRowCount);
            Assert.AreEqual(0, metrics["Code"].UnknownClassRowCount);
            Assert.IsGreaterThan(0.9, metrics["Code"].Multiclass!.MicroAccuracy);
        }

        public sealed class IntegerLabelRow
        {
            [VectorType(4)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public int Int32Flag { get; set; }

            public long Int64Flag { get; set; }

            public byte ByteFlag { get; set; }

            public ulong UInt64Flag { get; set; }
        }

        public sealed class DoubleClassRow
        {
            [VectorType(4)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public double Code { get; set; }
        }

        public sealed class SparseRow
        {
            public VBuffer<float> Features { get; set; }

            public bool Even { get; set; }
        }
    }
}
