using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Encodings;
using Microsoft.ML.MultiTask.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;
using Microsoft.ML.MultiTask.Benchmarks;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class GroupedRegressionTests
    {
        private static readonly MLContext Ml = new MLContext(seed: 1);

        /// <summary>Groups sharing y = 3·x1 + noise, each with its own offset and its own slope on x0 (the group-specific part).</summary>
        public static List<SchoolRow> Schools(int groups, int rowsPerGroup, int seed)
        {
            var random = new Random(seed);
            var offsets = Enumerable.Range(0, groups).Select(_ => 5 * random.NextNormalSingle()).ToArray();
            var slopes = Enumerable.Range(0, groups).Select(_ => 2 * random.NextNormalSingle()).ToArray();
            return Enumerable.Range(0, groups * rowsPerGroup).Select(i =>
            {
                int g = i % groups;
                float x0 = random.NextNormalSingle(), x1 = random.NextNormalSingle();
                return new SchoolRow { X = new[] { x0, x1 }, School = "s" + g, Score = offsets[g] + (slopes[g] * x0) + (3 * x1) + (0.3f * random.NextNormalSingle()) };
            }).ToList();
        }

        /// <summary>The school one-hot encoded in place (its slots are named School.s0, ...); its name kept as SchoolName.</summary>
        private static IEstimator<ITransformer> Featurize()
            => Ml.Transforms.CopyColumns("SchoolName", nameof(SchoolRow.School))
                .Append(Ml.Transforms.Categorical.OneHotEncoding(nameof(SchoolRow.School))).Append(Ml.Transforms.Concatenate("Features", nameof(SchoolRow.X), nameof(SchoolRow.School)));

        [TestMethod]
        public void EachGroupGetsItsOwnOutputAndIsEvaluatedPooledAndPerGroup()
        {
            var rows = Schools(20, 40, seed: 61);
            // Every fourth row of each group is a test row.
            var train = Ml.Data.LoadFromEnumerable(rows.Where((_, i) => i / 20 % 4 != 0));
            var test = Ml.Data.LoadFromEnumerable(rows.Where((_, i) => i / 20 % 4 == 0));
            var featurizer = Featurize().Fit(train);
            var options = Synthetic.Options(60, TaskDefinition.GroupedRegression("Grouped", nameof(SchoolRow.School), nameof(SchoolRow.Score)));
            options.Architecture = new HardSharing { SharedLayers = new[] { 32 } };
            using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(featurizer.Transform(train));
            CollectionAssert.AreEqual(Enumerable.Range(0, 20).Select(g => "s" + g).ToArray(), model.ClassNames["Grouped"].ToArray(), "one output per group, in slot order");

            var scored = model.Transform(featurizer.Transform(test));
            var pooled = Ml.MultiTask().Evaluate(scored, model)["Grouped"];
            Assert.AreEqual(TaskKind.GroupedRegression, pooled.Kind);
            Assert.IsGreaterThan(0.95, pooled.Regression!.RSquared, "pooled over all rows");
            var byGroup = Ml.MultiTask().EvaluateByGroup(scored, model, "SchoolName");
            Assert.HasCount(20, byGroup.Groups);

            // One row at a time, as an application scores: the same scores as the batch.
            var engine = Ml.Model.CreatePredictionEngine<SchoolRow, GroupedPrediction>(new TransformerChain<ITransformer>(featurizer, model));
            var batch = scored.GetColumn<float>("Grouped.Score").ToArray();
            var testRows = rows.Where((_, i) => i / 20 % 4 == 0).ToList();
            for (int i = 0; i < 5; i++)
            {
                Assert.AreEqual(batch[i], engine.Predict(testRows[i]).Score, 1e-5);
            }
        }

        [TestMethod]
        public void AGroupsOutputScoresAndLearnsFromItsRowsOnlyAndAnUnseenGroupGetsThePooledOne()
        {
            var rows = Schools(3, 4, seed: 62);
            var data = Featurize().Fit(Ml.Data.LoadFromEnumerable(rows)).Transform(Ml.Data.LoadFromEnumerable(rows));
            var task = (GroupedRegressionTaskDefinition)TaskDefinition.GroupedRegression("Grouped", nameof(SchoolRow.School), nameof(SchoolRow.Score));
            var set = Data.DataSetReader.Read(data, "Features", null, new[] { data.Schema["Score"] }, (row, column, _) => task.CreateLabelReader(row, column), false, null, true, "data", out _);
            var head = new GroupedRegressionTaskHead(task, 0, 1, Enumerable.Repeat(true, set.RowCount).ToArray());
            head.Bind(new EncodingContext(set.Features, set.Scaling, Data.DataSetReader.SlotNames(data.Schema["Features"]), "Options.Tasks"));
            Assert.AreEqual(4, head.OutputSize, "three groups and the pooled output");

            // Rows 0, 1, 2 are in groups s0, s1, s2; the same features with every group slot 0 stand for an unseen group.
            using var features = set.Features.Batch(new[] { 0, 1, 2 }, CPU);
            using var unseen = features.clone();
            for (int slot = 2; slot < 5; slot++)
            {
                var (m, o) = new EncodingContext(set.Features, set.Scaling, null, "x").Unscaling(slot);
                unseen[TensorIndex.Colon, slot] = tensor(-o / m);
            }
            using var outputs = tensor(new float[] { 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33 }, 3, 4);
            var chosen = head.SelectLogits(outputs, features).data<float>().ToArray();
            CollectionAssert.AreEqual(new float[] { 10, 13, 21, 23, 32, 33 }, chosen, "(own group's output, pooled output) per row");
            var pooled = head.SelectLogits(outputs, unseen).data<float>().ToArray();
            CollectionAssert.AreEqual(new float[] { 13, 13, 23, 23, 33, 33 }, pooled, "no group: the pooled output twice");
            // Group g's output learns from group g's rows only: the loss's gradient on a row's outputs is zero but for its own
            // group's output and the pooled one, so the weights of group g's output see no other group's rows.
            using var trainable = outputs.detach().requires_grad_(true);
            using var labels = tensor(new float[] { 1, 2, 3 }, 3, 1);
            using var loss = head.LossSum(head.SelectLogits(trainable, features), labels, null);
            loss.backward();
            var gradient = trainable.grad!.data<float>().ToArray();
            for (int row = 0; row < 3; row++)
            {
                for (int output = 0; output < 4; output++)
                {
                    bool own = output == row || output == 3;
                    Assert.AreEqual(own, gradient[(4 * row) + output] != 0, $"row {row} (group s{row}), output {output}");
                }
            }

            // Ensemble members' rows (k copies of the batch) read the same groups.
            using var twoMembers = cat(new[] { outputs, outputs.add(100) }, 0);
            CollectionAssert.AreEqual(new float[] { 10, 13, 21, 23, 32, 33, 110, 113, 121, 123, 132, 133 }, head.SelectLogits(twoMembers, features).data<float>().ToArray());
        }

        [TestMethod]
        public void AGroupColumnThatIsNotOneHotInTheFeaturesIsNamed()
        {
            var rows = Ml.Data.LoadFromEnumerable(Schools(3, 20, seed: 63));
            var plain = Ml.Transforms.Concatenate("Features", nameof(SchoolRow.X)).Fit(rows).Transform(rows);
            StringAssert.Contains(Fit(plain, TaskDefinition.GroupedRegression("Grouped", nameof(SchoolRow.School), nameof(SchoolRow.Score))).Message,
                "Group column 'School' of grouped task 'Grouped' is read from the feature vector's one-hot slots, but the feature column has no slot names");
            var featurized = Featurize().Fit(rows).Transform(rows);
            StringAssert.Contains(Fit(featurized, TaskDefinition.GroupedRegression("Grouped", "District", nameof(SchoolRow.Score))).Message,
                "Group column 'District' of grouped task 'Grouped' has no slots in the feature vector (slots named 'District.<value>'); one-hot encode it");
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => TaskDefinition.GroupedRegression("Grouped", "")).Message, "Grouped task 'Grouped' needs a group column");
        }

        [TestMethod]
        public void MoreThanTenThousandGroupsAreRefused()
        {
            var rows = Enumerable.Range(0, GroupedRegressionTaskHead.MaxGroups + 1).Select(i => new SchoolRow { X = new[] { i % 7f, 1f }, School = "s" + i, Score = i % 5 }).ToList();
            var data = Featurize().Fit(Ml.Data.LoadFromEnumerable(rows)).Transform(Ml.Data.LoadFromEnumerable(rows));
            var options = Synthetic.Options(1, TaskDefinition.GroupedRegression("Grouped", nameof(SchoolRow.School), nameof(SchoolRow.Score)));
            options.NormalizeFeatures = false;
            StringAssert.Contains(Assert.Throws<Exception>(() => Ml.MultiTask().Trainers.MultiTask(options).Fit(data)).Message,
                "Group column 'School' of grouped task 'Grouped' has 10001 groups with labelled rows; a grouped task has at most 10000");
        }

        private static Exception Fit(IDataView data, TaskDefinition task)
            => Assert.Throws<Exception>(() => Ml.MultiTask().Trainers.MultiTask(Synthetic.Options(2, task)).Fit(data));

        public sealed class GroupedPrediction
        {
            [ColumnName("Grouped.Score")]
            public float Score { get; set; }
        }

        public sealed class SchoolRow
        {
            [VectorType(2)]
            public float[] X { get; set; } = Array.Empty<float>();

            public string School { get; set; } = string.Empty;

            public float Score { get; set; }
        }
    }
}
