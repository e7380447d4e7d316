using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Relatedness;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class TaskRelatednessTests
    {
        private sealed class RelatedRow
        {
            [VectorType(4)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public bool Positive { get; set; }

            public bool Negated { get; set; }

            public bool Noise { get; set; }

            public string Quadrant { get; set; } = string.Empty;

            public float Amount { get; set; }
        }

        private sealed class PartlyLabelledRow
        {
            [VectorType(4)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public float A { get; set; }

            public float B { get; set; }

            public string Quadrant { get; set; } = string.Empty;
        }

        private static List<RelatedRow> Rows(int count) => Synthetic.Rows(count, seed: 21).Select((r, i) => new RelatedRow
        {
            Features = r.Features,
            Positive = r.Positive,
            Negated = !r.Positive,
            // Independent of the features: a hash of the row index.
            Noise = ((i * 2654435761u) >> 16) % 2 == 0,
            Quadrant = r.Group,
            Amount = (float)r.Amount,
        }).ToList();

        private static TaskRelatednessReport Analyze(params TaskDefinition[] tasks)
        {
            var ml = new MLContext(seed: 1);
            // Linear heads: the shared layers' gradient from a task is its head's weights times its error, so tasks that agree
            // align once their heads read the representation the same way.
            var options = Synthetic.Options(12, tasks);
            options.Architecture = new HardSharing { SharedLayers = new[] { 16 } };
            options.HeadLayers = Array.Empty<int>();
            return ml.MultiTask().AnalyzeTasks(ml.Data.LoadFromEnumerable(Rows(400)), new TaskRelatednessOptions { TrainerOptions = options });
        }

        [TestMethod]
        public void IdenticalTasksPullTheSameWayAndHelpEachOther()
        {
            var report = Analyze(TaskDefinition.Binary("A", "Positive"), TaskDefinition.Binary("B", "Positive"));
            // The heads start apart, so the cosine starts near 0.5 and rises as they come to read the representation alike.
            var byEpoch = report.GradientCosineByEpoch!.Select(m => m["A", "B"]!.Value).ToArray();
            Assert.IsGreaterThan(0.95, byEpoch[^1], string.Join(" ", byEpoch));
            Assert.IsGreaterThan(byEpoch[0], byEpoch[^1]);
            Assert.IsGreaterThan(0.8, report.GradientCosine!["A", "B"]!.Value, report.ToString());
            Assert.IsGreaterThan(0.0, report.Affinity!["A", "B"]!.Value, "a step on A lowers B's loss");
            Assert.AreEqual(1.0, report.LabelAssociation!["A", "B"]!.Value, 1e-12);
            Assert.HasCount(2, report.Groupings![1].Groups, "k = 2: two groups of one task");
            Assert.AreEqual(2, report.Groupings[0].Groups[0].Count, "one group holds both tasks");
            Assert.IsNotEmpty(report.GradientCosineByEpoch!);
        }

        [TestMethod]
        public void ANegatedTaskIsTheSameTaskToTheSharedLayersAndARandomTaskIsUnrelated()
        {
            var report = Analyze(TaskDefinition.Binary("A", "Positive"), TaskDefinition.Binary("NotA", "Negated"), TaskDefinition.Binary("Random", "Noise"));
            // Each task has its own head, which absorbs the sign: the shared layers get the same gradient from A and from not-A.
            Assert.IsGreaterThan(0.9, report.GradientCosineByEpoch![^1]["A", "NotA"]!.Value, report.ToString());
            Assert.AreEqual(-1.0, report.LabelAssociation!["A", "NotA"]!.Value, 1e-12);
            Assert.IsLessThan(0.1, Math.Abs(report.GradientCosine!["A", "Random"]!.Value), report.ToString());
            Assert.IsTrue(report.GradientCosineByEpoch.All(m => Math.Abs(m["A", "Random"]!.Value) < 0.1), "unrelated in every epoch");
            Assert.IsLessThan(Math.Abs(report.Affinity!["A", "NotA"]!.Value) / 4, Math.Abs(report.Affinity["Random", "A"]!.Value), "a step on the random task barely moves A's loss");
            var two = report.Groupings![1];
            CollectionAssert.AreEquivalent(new[] { "Random" }, two.Groups.Single(g => g.Contains("Random")).ToArray(), $"the random task goes alone: {two}");
            StringAssert.Contains(report.ToString(), "| gradient cosine | A | NotA | Random |");
            string folder = System.IO.Directory.CreateTempSubdirectory("relatedness-charts-").FullName;
            try
            {
                foreach (var chart in new[] { Charts.RelatednessCharts.Heatmap(report.Affinity, System.IO.Path.Combine(folder, "affinity.png")), Charts.RelatednessCharts.CosineOverEpochs(report, System.IO.Path.Combine(folder, "cosine.png")) })
                {
                    var bytes = System.IO.File.ReadAllBytes(chart.Path);
                    CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4).ToArray());
                }
            }
            finally
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
        }

        [TestMethod]
        public void LabelAssociationMatchesHandComputedValues()
        {
            double[] x = { 1, 2, 3, 4 }, y = { 2, 4, 5, 9 };
            // r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²) with x̄ = 2.5, ȳ = 5: 11 / √(5 · 26).
            Assert.AreEqual(11 / Math.Sqrt(5 * 26), LabelAssociation.Pearson(x, y)!.Value, 1e-12);
            // Classes {0, 0, 1, 1} on values {2, 4, 5, 9}: group means 3 and 7 around 5; between = 2·4 + 2·4 = 16, total 26.
            Assert.AreEqual(Math.Sqrt(16.0 / 26), LabelAssociation.CorrelationRatio(new double[] { 0, 0, 1, 1 }, y)!.Value, 1e-12);
            // A 2×2 table [[2, 0], [1, 1]]: χ² = 4/3 over n = 4, V = √(1/3).
            Assert.AreEqual(Math.Sqrt(1.0 / 3), LabelAssociation.CramersV(new double[] { 0, 0, 1, 1 }, new double[] { 0, 0, 0, 1 })!.Value, 1e-12);
            Assert.IsNull(LabelAssociation.Pearson(x, new double[] { 3, 3, 3, 3 }), "a constant label has no correlation");
        }

        [TestMethod]
        public void PairsWithoutCoLabelledRowsAreUndefinedAndBadOptionsAreNamed()
        {
            var ml = new MLContext(seed: 1);
            var rows = Rows(200);
            var data = ml.Data.LoadFromEnumerable(rows.Select((r, i) => new PartlyLabelledRow { Features = r.Features, A = i % 2 == 0 ? r.Amount : float.NaN, B = i % 2 == 1 ? r.Amount : float.NaN, Quadrant = r.Quadrant }).ToList());
            var options = Synthetic.Options(1, TaskDefinition.Regression("A"), TaskDefinition.Regression("B"), TaskDefinition.Multiclass("Quadrant"));
            var report = ml.MultiTask().AnalyzeTasks(data, new TaskRelatednessOptions { TrainerOptions = options, GradientCosine = false, Affinity = false });
            Assert.IsNull(report.LabelAssociation!["A", "B"], "no row is labelled for both");
            Assert.AreEqual(0.0, report.CoLabelledRows!["A", "B"]);
            StringAssert.Contains(report.ToString(), "| A | 1.000 | undefined |");
            StringAssert.Contains(report.CoLabelledRows.ToString(), "| A | 100 | 0 |", "counts print without decimals");
            string heatmap = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"association-{Guid.NewGuid():N}.png");
            Charts.RelatednessCharts.Heatmap(report.LabelAssociation, heatmap);
            Assert.IsGreaterThan(1000L, new System.IO.FileInfo(heatmap).Length, "a heatmap with undefined cells is drawn");
            System.IO.File.Delete(heatmap);
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Charts.RelatednessCharts.Transfer(report, heatmap)).Message, "The report has no transfer part; set TaskRelatednessOptions.Transfer.");
            Assert.IsNotNull(report.LabelAssociation["Quadrant", "A"], "correlation ratio of the quadrant and the amount");

            string Error<T>(TaskRelatednessOptions bad)
                where T : Exception
                => Assert.ThrowsExactly<T>(() => ml.MultiTask().AnalyzeTasks(data, bad)).Message;
            StringAssert.Contains(Error<ArgumentException>(new TaskRelatednessOptions { TrainerOptions = Synthetic.Options(1, TaskDefinition.Regression("A")) }),
                "Task relatedness needs at least two tasks; TaskRelatednessOptions.TrainerOptions.Tasks has 1.");
            StringAssert.Contains(Error<ArgumentOutOfRangeException>(new TaskRelatednessOptions { TrainerOptions = options, MaxGroups = 4 }),
                "TaskRelatednessOptions.MaxGroups must be between 1 and the number of tasks (3); got 4.");
            StringAssert.Contains(Error<ArgumentException>(new TaskRelatednessOptions { TrainerOptions = options, Transfer = true }),
                "TaskRelatednessOptions.Transfer compares each task's figure on held-out data; set TaskRelatednessOptions.TestData.");
        }

        [TestMethod]
        public void TransferComparesEachTaskWithAndWithoutTheOthers()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Rows(300));
            var test = ml.Data.LoadFromEnumerable(Rows(400).Skip(300).ToList());
            var options = Synthetic.Options(3, TaskDefinition.Binary("A", "Positive"), TaskDefinition.Regression("Amount"));
            var report = ml.MultiTask().AnalyzeTasks(data, new TaskRelatednessOptions
            {
                TrainerOptions = options, LabelAssociation = false, GradientCosine = false, Affinity = false, Transfer = true, TransferSeeds = new[] { 1, 2 }, TestData = test,
            });
            Assert.IsNull(report.GradientCosine);
            Assert.HasCount(2, report.Transfer!);
            var a = report.Transfer!.Single(t => t.Task == "A");
            Assert.AreEqual("AUC", a.Metric);
            Assert.HasCount(2, a.MultiTask);
            Assert.AreNotEqual(a.MultiTask[0], a.MultiTask[1], "the seeds give different runs");
            Assert.AreEqual(report.Transfer.Average(t => (t.MultiTask.Average() - t.SingleTask.Average()) / t.SingleTask.Average()), report.DeltaM!.Value, 1e-12);
            StringAssert.Contains(report.ToString(), "Δm = ");
        }

        /// <summary>An affinity matrix where tasks in the same cluster help each other (0.5) and others hurt (−0.1).</summary>
        private static TaskMatrix Clusters(params int[] cluster)
        {
            int n = cluster.Length;
            var values = new double?[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    values[i, j] = i == j ? null : cluster[i] == cluster[j] ? 0.5 : -0.1;
                }
            }
            return new TaskMatrix("lookahead affinity", Enumerable.Range(0, n).Select(i => $"T{i}").ToArray(), values);
        }

        [TestMethod]
        public void GroupingFindsTheClustersExhaustivelyAndGreedily()
        {
            var small = GroupingSearch.Best(Clusters(0, 1, 0, 1), 2);
            Assert.IsTrue(small.Exhaustive);
            CollectionAssert.AreEquivalent(new[] { "T0 T2", "T1 T3" }, small.Groups.Select(g => string.Join(" ", g)).ToArray());
            Assert.AreEqual(4 * 0.5, small.TotalAffinity, 1e-12, "each task gets 0.5 from its one partner");
            var large = GroupingSearch.Best(Clusters(0, 1, 0, 1, 0, 1, 0, 1, 0), 2);
            Assert.IsFalse(large.Exhaustive, "nine tasks: greedy");
            CollectionAssert.AreEquivalent(new[] { "T0 T2 T4 T6 T8", "T1 T3 T5 T7" }, large.Groups.Select(g => string.Join(" ", g)).ToArray());
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => GroupingSearch.Best(Clusters(0, 1), 3)).Message,
                "A grouping needs between 1 and 2 groups (the number of tasks); got 3.");
        }

        [TestMethod]
        public void TransferIsNegativeOnlyWhenWorseBeyondTheSeedSpread()
        {
            var worse = new TaskTransfer("A", "AUC", new[] { 0.80, 0.82 }, new[] { 0.90, 0.92 });
            Assert.AreEqual(-0.10, worse.Difference, 1e-12);
            Assert.AreEqual(Math.Sqrt(0.0002 + 0.0002), worse.Spread, 1e-12);
            Assert.IsTrue(worse.NegativeTransfer);
            Assert.IsFalse(new TaskTransfer("B", "AUC", new[] { 0.80, 0.90 }, new[] { 0.86, 0.86 }).NegativeTransfer, "within the spread");
            Assert.AreEqual(-0.10 / 0.91, worse.RelativeChange, 1e-12);
        }
    }
}
