using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class GroupEvaluationTests
    {
        [TestMethod]
        public void EveryTaskIsEvaluatedPerGroupWithTheLargestGapAndUndefinedWhereAGroupCannotMeasureIt()
        {
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(600, seed: 14);
            var data = ml.Data.LoadFromEnumerable(rows);
            using var model = ml.MultiTask().Trainers.MultiTask(Synthetic.Options(5, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"))).Fit(data);
            var scored = model.Transform(data);
            var grouped = ml.MultiTask().EvaluateByGroup(scored, model, nameof(SyntheticRow.Group));

            Assert.AreEqual(600L, grouped.Groups.Sum(g => g.Rows));
            CollectionAssert.AreEquivalent(new[] { "south-west", "south-east", "north-west", "north-east" }, grouped.Groups.Select(g => g.Group).ToArray());
            // Positive = x0 + x1/2 > 0: every south-west row (x0 < 0, x1 < 0) is negative, so AUC is undefined there.
            var southWest = grouped.Groups.Single(g => g.Group == "south-west");
            Assert.IsFalse(southWest.Metrics.Tasks.Any(t => t.TaskName == "Positive"));
            Assert.IsTrue(southWest.Metrics.Tasks.Any(t => t.TaskName == "Amount"));
            var southEast = grouped.Groups.Single(g => g.Group == "south-east");
            Assert.AreEqual(ml.MultiTask().Evaluate(model.Transform(ml.Data.LoadFromEnumerable(rows.Where(r => r.Group == "south-east").ToList())), model)["Positive"].Binary!.AreaUnderRocCurve,
                southEast.Metrics["Positive"].Binary!.AreaUnderRocCurve, 1e-12, "the group's AUC is ML.NET's AUC on its rows");
            var (best, worst, gap) = grouped.LargestGap("Amount")!.Value;
            Assert.AreEqual(grouped.Groups.Max(g => g.Metrics["Amount"].MainFigure.Value) - grouped.Groups.Min(g => g.Metrics["Amount"].MainFigure.Value), gap, 1e-12);
            Assert.AreNotEqual(best, worst);
            StringAssert.Contains(grouped.ToString(), "| south-west | ");
            StringAssert.Contains(grouped.ToString(), "undefined");

            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MultiTask().EvaluateByGroup(scored, model, "Sex")).Message, "Group column 'Sex' was not found in the data.");
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MultiTask().EvaluateByGroup(scored, model, "Features")).Message, "Group column 'Features' has type Vector<Single, 4>; expected text, Boolean, a number or a key");
        }
    }
}
