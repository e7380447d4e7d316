using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;
using Microsoft.ML.MultiTask.Benchmarks;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class RankingTaskTests
    {
        private static readonly MLContext Ml = new MLContext(seed: 1);

        /// <summary>Queries of 8 to 15 documents; relevance 0–4 grows with x0 + x1/2; an auxiliary binary task on x2.</summary>
        public static List<QueryRow> Queries(int queries, int seed)
        {
            var random = new Random(seed);
            var rows = new List<QueryRow>();
            for (int q = 0; q < queries; q++)
            {
                int documents = random.Next(8, 16);
                for (int d = 0; d < documents; d++)
                {
                    var x = new[] { random.NextNormalSingle(), random.NextNormalSingle(), random.NextNormalSingle(), random.NextNormalSingle() };
                    rows.Add(new QueryRow
                    {
                        Features = x,
                        Query = "q" + q,
                        Relevance = Math.Clamp(MathF.Round(2 + x[0] + (0.5f * x[1]) + (0.3f * random.NextNormalSingle())), 0, 4),
                        Clicked = x[2] > 0,
                    });
                }
            }
            return rows;
        }

        [TestMethod]
        public void ARankingTaskLearnsToOrderEachGroupAndIsEvaluatedByMLNetsRankingEvaluator()
        {
            var rows = Queries(120, seed: 51);
            int trainRows = rows.FindIndex(r => r.Query == "q90");
            // Rows of one query need not be contiguous: the training rows come in a shuffled order.
            var train = Ml.Data.ShuffleRows(Ml.Data.LoadFromEnumerable(rows.Take(trainRows)), seed: 3);
            var test = Ml.Data.LoadFromEnumerable(rows.Skip(trainRows));
            var options = Synthetic.Options(20, TaskDefinition.Ranking("Rank", "Query", "Relevance"), TaskDefinition.Binary("Clicked"));
            using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(train);

            var scored = model.Transform(test);
            var metrics = Ml.MultiTask().Evaluate(scored, model);
            var ranking = metrics["Rank"];
            Assert.AreEqual(TaskKind.Ranking, ranking.Kind);
            Assert.AreEqual(rows.Count - trainRows, ranking.LabelledRowCount);
            CollectionAssert.AreEqual(new[] { "NDCG@1", "NDCG@3", "NDCG@10" }, ranking.Headline.Select(h => h.Key).ToArray());
            Assert.AreEqual(ranking.Ranking!.NormalizedDiscountedCumulativeGains[9], ranking.MainFigure.Value);

            // ML.NET's evaluator on the same rows with random scores: the model must beat chance clearly.
            var random = new Random(5);
            var testRows = rows.Skip(trainRows).ToList();
            var queryIds = testRows.Select(r => r.Query).Distinct().Select((q, i) => (q, i)).ToDictionary(p => p.q, p => p.i);
            var chance = Evaluation.RankingEvaluationRow.Evaluate(Ml, testRows.Select(r => (r.Relevance, queryIds[r.Query], (float)random.NextDouble())).ToList(), queryIds.Count, "chance")
                .NormalizedDiscountedCumulativeGains[9];
            Assert.IsGreaterThan(0.95, ranking.MainFigure.Value);
            Assert.IsGreaterThan(chance + 0.15, ranking.MainFigure.Value, $"chance NDCG@10 {chance}");
            Assert.IsGreaterThan(0.9, metrics["Clicked"].Binary!.AreaUnderRocCurve, "the auxiliary task trains alongside");

            // One row at a time needs no group: the score is per row.
            var engine = Ml.Model.CreatePredictionEngine<QueryRow, RankPrediction>(model);
            var batch = scored.GetColumn<float>("Rank.Score").ToArray();
            for (int i = 0; i < 5; i++)
            {
                Assert.AreEqual(batch[i], engine.Predict(testRows[i]).Score, 1e-5);
            }
        }

        [TestMethod]
        public void TheListwiseLossRewardsTheRightOrderAndKeepsGroupsApart()
        {
            var head = new RankingTaskHead((RankingTaskDefinition)TaskDefinition.Ranking("Rank", "Query"));
            // Two groups of three rows: grades 2, 1, 0 in group 0 and 0, 3, 1 in group 1.
            float[] grades = { 2, 1, 0, 0, 3, 1 };
            float[] groups = { 0, 0, 0, 1, 1, 1 };
            float Loss(float[] scores)
            {
                using var logits = tensor(scores, 6, 1);
                using var labels = tensor(grades.Zip(groups, (g, q) => new[] { g, q }).SelectMany(p => p).ToArray(), 6, 2);
                using var loss = head.LossSum(logits, labels, null);
                return loss.item<float>();
            }
            float[] right = { 3, 2, 1, 1, 3, 2 };
            float[] reversed = { 1, 2, 3, 3, 1, 2 };
            Assert.IsLessThan(Loss(reversed) - 1, Loss(right), "scores in the order of the grades cost less");
            // A softmax per group: shifting one group's scores changes nothing; shifting one row does.
            Assert.AreEqual(Loss(right), Loss(right.Select((s, i) => i < 3 ? s + 5 : s).ToArray()), 1e-4);
            Assert.AreNotEqual(Loss(right), Loss(right.Select((s, i) => i == 0 ? s + 5 : s).ToArray()), 1e-3);

            // Against a direct computation: Σ_groups n_g · Σ_i −share_i · log softmax_i.
            double expected = 0;
            for (int g = 0; g < 2; g++)
            {
                var rows = Enumerable.Range(3 * g, 3).ToArray();
                double partition = rows.Sum(i => Math.Exp(right[i]));
                double totalGain = rows.Sum(i => Math.Pow(2, grades[i]) - 1);
                expected += 3 * rows.Sum(i => -(Math.Pow(2, grades[i]) - 1) / totalGain * Math.Log(Math.Exp(right[i]) / partition));
            }
            Assert.AreEqual(expected, Loss(right), 1e-4);
        }

        [TestMethod]
        public void AValidationFractionHoldsOutWholeGroups()
        {
            var data = Ml.Data.LoadFromEnumerable(Queries(40, seed: 54));
            var task = TaskDefinition.Ranking("Rank", "Query", "Relevance");
            var set = Data.DataSetReader.Read(data, "Features", null, new[] { task.GetLabelColumn(data.Schema, "data") }, (row, column, _) => task.CreateLabelReader(row, column),
                false, null, false, "data", out _, task.ContextColumns(data.Schema, "data"));
            var (training, validation) = Training.ValidationSplit.Split(set, new[] { task }, 0.25, seed: 7);
            float[] Groups(Data.MultiTaskDataSet part) => Enumerable.Range(0, part.RowCount).Select(row => part.Labels(0)[(2 * row) + 1]).Distinct().ToArray();
            Assert.AreEqual(10, Groups(validation).Length, "a quarter of the 40 queries");
            Assert.AreEqual(30, Groups(training).Length);
            Assert.IsEmpty(Groups(training).Intersect(Groups(validation)), "no query on both sides");
            Assert.AreEqual(set.RowCount, training.RowCount + validation.RowCount);
        }

        [TestMethod]
        public void KeyGradesAndMissingGradesAreRead()
        {
            var rows = Queries(40, seed: 52);
            for (int i = 0; i < rows.Count; i += 4)
            {
                rows[i].Relevance = float.NaN;
            }
            var data = Ml.Data.LoadFromEnumerable(rows);
            using var model = Ml.MultiTask().Trainers.MultiTask(Synthetic.Options(10, TaskDefinition.Ranking("Rank", "Query", "Relevance"))).Fit(data);
            var metrics = Ml.MultiTask().Evaluate(model.Transform(data), model)["Rank"];
            Assert.AreEqual(rows.Count(r => !float.IsNaN(r.Relevance)), metrics.LabelledRowCount);

            // A key label: key value − 1 is the grade, so grades 0..4 map onto keys 1..5 in value order.
            var labelled = Ml.Data.FilterRowsByMissingValues(data, nameof(QueryRow.Relevance));
            var keyed = Ml.Transforms.Conversion.MapValueToKey("RelevanceKey", nameof(QueryRow.Relevance), keyOrdinality: Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(labelled).Transform(labelled);
            using var keyModel = Ml.MultiTask().Trainers.MultiTask(Synthetic.Options(10, TaskDefinition.Ranking("Rank", "Query", "RelevanceKey"))).Fit(keyed);
            var keyMetrics = Ml.MultiTask().Evaluate(keyModel.Transform(keyed), keyModel)["Rank"];
            Assert.IsGreaterThan(0.9, keyMetrics.MainFigure.Value);
        }

        [TestMethod]
        public void BadRankingTasksFailWithMessagesThatNameTheColumn()
        {
            var rows = Queries(10, seed: 53);
            var data = Ml.Data.LoadFromEnumerable(rows);
            StringAssert.Contains(Fit(data, TaskDefinition.Ranking("Rank", "Session", "Relevance")).Message, "Group column 'Session' of ranking task 'Rank' was not found in the training data");
            StringAssert.Contains(Fit(data, TaskDefinition.Ranking("Rank", "Features", "Relevance")).Message, "Group column 'Features' of ranking task 'Rank' has type Vector<Single, 4>; expected a scalar key, text, number or Boolean");
            var halves = Ml.Data.LoadFromEnumerable(rows.Select(r => new QueryRow { Features = r.Features, Query = r.Query, Relevance = r.Relevance + 0.5f }));
            StringAssert.Contains(Fit(halves, TaskDefinition.Ranking("Rank", "Query", "Relevance")).Message, $"has the value {rows[0].Relevance + 0.5f} at row 0; a relevance grade is a whole number from 0 to 30");
            var flat = Ml.Data.LoadFromEnumerable(rows.Select(r => new QueryRow { Features = r.Features, Query = r.Query, Relevance = 1 }));
            StringAssert.Contains(Fit(flat, TaskDefinition.Ranking("Rank", "Query", "Relevance")).Message, "holds only the grade 1; a ranking task needs rows of different grades");
            StringAssert.Contains(Fit(data, TaskDefinition.Ranking("Rank", "Query", "Clicked")).Message, "Label column 'Clicked' of ranking task 'Rank' has type Boolean");
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => TaskDefinition.Ranking("Rank", " ")).Message, "Ranking task 'Rank' needs a group column");
        }

        private static Exception Fit(IDataView data, TaskDefinition task)
            => Assert.Throws<Exception>(() => Ml.MultiTask().Trainers.MultiTask(Synthetic.Options(2, task)).Fit(data));

        public sealed class RankPrediction
        {
            [ColumnName("Rank.Score")]
            public float Score { get; set; }
        }

        public sealed class QueryRow
        {
            [VectorType(4)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public string Query { get; set; } = string.Empty;

            public float Relevance { get; set; }

            public bool Clicked { get; set; }
        }
    }
}
