using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class FeaturizationTests
    {
        public sealed class CustomerRow
        {
            public double Age { get; set; }

            public int Children { get; set; }

            public bool Member { get; set; }

            public string City { get; set; } = string.Empty;

            public string Review { get; set; } = string.Empty;

            /// <summary>Long category names with spaces, as census has ("Not in universe or children"): categories, not free text.</summary>
            public string Segment { get; set; } = string.Empty;

            public string CustomerId { get; set; } = string.Empty;

            public int RowNumber { get; set; }

            /// <summary>The plan the churn label was derived from: it gives the label away.</summary>
            public string Plan { get; set; } = string.Empty;

            public DateTime Joined { get; set; }

            public bool Churn { get; set; }

            public float Spend { get; set; }
        }

        /// <summary>Churn follows age and city; spend follows children and membership; the review text mentions the city's mood.</summary>
        public static List<CustomerRow> Customers(int count, int seed)
        {
            var random = new Random(seed);
            string[] cities = { "Oslo", "Lima", "Pune", "Kobe", "Graz" };
            string[] words = { "great service and fast delivery", "slow replies from support staff", "prices went up again this year", "happy with the new app features" };
            string[] segments = { "Not in universe or children", "Private household services", "Self-employed not incorporated" };
            return Enumerable.Range(0, count).Select(i =>
            {
                int city = random.Next(cities.Length);
                double age = 20 + (50 * random.NextDouble());
                bool churn = age + (city * 8) + (20 * random.NextDouble()) > 70;
                int children = random.Next(5);
                bool member = random.Next(2) == 0;
                string plan = (random.Next(2) == 0 ? "gold" : "silver") + (churn ? "-cancelled" : string.Empty);
                return new CustomerRow
                {
                    Age = i % 10 == 0 ? double.NaN : age,
                    Children = children,
                    Member = member,
                    City = cities[city],
                    Review = $"{words[random.Next(words.Length)]} in {cities[city]}, order {random.Next(100_000)}",
                    Segment = segments[random.Next(segments.Length)],
                    CustomerId = $"c-{i:D5}",
                    RowNumber = i,
                    Plan = plan,
                    Joined = new DateTime(2020, 1, 1).AddDays(i),
                    Churn = churn,
                    Spend = (float)((10 * children) + (member ? 30 : 0) + (5 * random.NextDouble())),
                };
            }).ToList();
        }

        [TestMethod]
        public void EachColumnGetsTheRoleItsValuesSuggestAndTheChainTrainsAModel()
        {
            var ml = new MLContext(seed: 1);
            var warnings = new List<string>();
            ml.Log += (_, e) => { if (e.Kind == Runtime.ChannelMessageKind.Warning) { lock (warnings) { warnings.Add(e.Message); } } };
            var data = ml.Data.LoadFromEnumerable(Customers(400, seed: 71));
            var plan = ml.MultiTask().Featurize(data, new[] { "Churn", "Spend" });

            var roles = plan.Columns.ToDictionary(c => c.Name, c => c.Role);
            Assert.AreEqual(ColumnRole.Numeric, roles["Age"]);
            Assert.AreEqual(ColumnRole.Numeric, roles["Children"]);
            Assert.AreEqual(ColumnRole.Numeric, roles["Member"]);
            Assert.AreEqual(ColumnRole.Categorical, roles["City"]);
            Assert.AreEqual(ColumnRole.Text, roles["Review"]);
            Assert.AreEqual(ColumnRole.Categorical, roles["Segment"], "long values with spaces that repeat are categories");
            Assert.AreEqual(ColumnRole.Identifier, roles["CustomerId"]);
            Assert.AreEqual(ColumnRole.Identifier, roles["RowNumber"]);
            Assert.AreEqual(ColumnRole.Leak, roles["Plan"]);
            Assert.AreEqual(ColumnRole.Ignored, roles["Joined"]);
            Assert.AreEqual(ColumnRole.Label, roles["Churn"]);
            Assert.AreEqual(ColumnRole.Label, roles["Spend"]);
            StringAssert.Contains(plan.Columns.Single(c => c.Name == "Age").Reason, "40 missing replaced by the mean");
            StringAssert.Contains(plan.Columns.Single(c => c.Name == "Plan").Reason, "label 'Churn' is a function of it: each of its 4 values has one 'Churn' value");
            Assert.IsTrue(warnings.Any(w => w.Contains("Column 'Plan': label 'Churn' is a function of it", StringComparison.Ordinal)), string.Join("\n", warnings));
            StringAssert.Contains(plan.ToString(), "| City | String | Categorical | 5 distinct values |");
            CollectionAssert.AreEqual(new[] { "Age", "Children", "Member", "City", "Review", "Segment" }, plan.Features.Select(c => c.Name).ToArray());

            var featurizer = plan.Estimator.Fit(data);
            var options = new MultiTaskTrainer.Options { Seed = 1, FeatureEncoding = null };
            options.Tasks.Add(TaskDefinition.Binary("Churn"));
            options.Tasks.Add(TaskDefinition.Regression("Spend"));
            using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(featurizer.Transform(data));
            var metrics = ml.MultiTask().Evaluate(model.Transform(featurizer.Transform(data)), model);
            Assert.IsGreaterThan(0.8, metrics["Churn"].Binary!.AreaUnderRocCurve);
            Assert.IsGreaterThan(0.8, metrics["Spend"].Regression!.RSquared);
        }

        [TestMethod]
        public void BadArgumentsAreNamed()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Customers(30, seed: 72));
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MultiTask().Featurize(data, new[] { "Income" })).Message,
                "Label column 'Income' was not found in the data. Available columns: Age, Children");
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MultiTask().Featurize(data, new[] { "Churn" }, new FeaturizerOptions { MaxCategories = 0 })).Message,
                "FeaturizerOptions: MaxRowsRead, MaxCategories and MinTextLength must be at least 1");
            var onlyIds = ml.Data.LoadFromEnumerable(Customers(30, seed: 72).Select(c => new { c.CustomerId, c.Churn }));
            StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => ml.MultiTask().Featurize(onlyIds, new[] { "Churn" })).Message,
                "Automatic featurization found no feature column: CustomerId: Identifier (a different value on every one of the 30 rows read; dropped)");
        }
    }
}
