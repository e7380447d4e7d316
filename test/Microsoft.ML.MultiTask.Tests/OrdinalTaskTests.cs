using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class OrdinalTaskTests
    {
        private static readonly MLContext Ml = new MLContext(seed: 1);

        [TestMethod]
        public void NumberLabelsTrainInNumericOrderAndScoreLikeMulticlassWithAnExpectedValue()
        {
            // Grades as tens, the first row a high grade: the order must come from the numbers, not from first appearance.
            var rows = Synthetic.Rows(700, seed: 41).Select(r => new GradeRow { Features = r.Features, Grade = 10 * r.Grade }).OrderByDescending(r => r.Grade == 40).ToList();
            var train = Ml.Data.LoadFromEnumerable(rows.Take(550));
            var test = Ml.Data.LoadFromEnumerable(rows.Skip(550));
            using var model = Ml.MultiTask().Trainers.MultiTask(Synthetic.Options(30, TaskDefinition.Ordinal("Grade"))).Fit(train);
            CollectionAssert.AreEqual(new[] { "10", "20", "30", "40", "50" }, model.ClassNames["Grade"].ToArray());

            var scored = model.Transform(test);
            var probabilities = scored.GetColumn<float[]>("Grade.Score").ToArray();
            var expected = scored.GetColumn<float>("Grade.ExpectedValue").ToArray();
            var predicted = scored.GetColumn<uint>("Grade.PredictedLabel").ToArray();
            for (int i = 0; i < probabilities.Length; i++)
            {
                Assert.AreEqual(1.0, probabilities[i].Sum(), 1e-5);
                Assert.IsTrue(probabilities[i].All(p => p >= 0), "rank-consistent: no negative class probability");
                Assert.AreEqual(probabilities[i].Select((p, k) => p * 10 * (k + 1)).Sum(), expected[i], 1e-3, "ExpectedValue = Σ p·value");
                Assert.AreEqual(Array.IndexOf(probabilities[i], probabilities[i].Max()) + 1, (int)predicted[i]);
            }

            var metrics = Ml.MultiTask().Evaluate(scored, model)["Grade"];
            Assert.AreEqual(TaskKind.Ordinal, metrics.Kind);
            Assert.IsGreaterThan(0.6, metrics.Multiclass!.MicroAccuracy);
            double rankError = rows.Skip(550).Zip(predicted, (row, p) => Math.Abs((int)Math.Round(row.Grade / 10) - (int)p)).Average();
            Assert.AreEqual(rankError, metrics.RankMeanAbsoluteError!.Value, 1e-12);
            Assert.IsLessThan(0.5, rankError);
            CollectionAssert.AreEqual(new[] { "MicroAcc", "RankMAE", "LogLoss" }, metrics.Headline.Select(h => h.Key).ToArray());
        }

        [TestMethod]
        public void TheLossGrowsWithTheDistanceFromTheTrueClassWhereCrossEntropyDoesNot()
        {
            var head = new OrdinalTaskHead((OrdinalTaskDefinition)TaskDefinition.Ordinal("Grade"), new[] { "1", "2", "3", "4", "5" }, new[] { 1f, 2f, 3f, 4f, 5f }, new[] { "1", "2", "3", "4", "5" }, new[] { 0, 1, 2, 3, 4 });
            // Logits of P(rank > j) that put the row confidently in class c (rank c − 1): +6 below it, −6 from it on.
            float[] Confident(int rank) => Enumerable.Range(0, 4).Select(j => j < rank ? 6f : -6f).ToArray();
            float Loss(int predictedRank)
            {
                using var logits = tensor(Confident(predictedRank), 1, 4);
                using var label = tensor(new[] { 0f }, 1, 1);
                using var loss = head.LossSum(logits, label, null);
                return loss.item<float>();
            }
            var losses = Enumerable.Range(0, 5).Select(Loss).ToArray();
            for (int rank = 1; rank < 5; rank++)
            {
                Assert.IsGreaterThan(losses[rank - 1] + 1, losses[rank], $"predicting rank {rank} for rank 0 must cost more than rank {rank - 1}");
            }
            // The same confident wrong answers under a multiclass head's cross-entropy all cost the same.
            var multiclass = new MulticlassTaskHead((MulticlassTaskDefinition)TaskDefinition.Multiclass("Grade"), new[] { "1", "2", "3", "4", "5" });
            float CrossEntropy(int predictedRank)
            {
                using var logits = tensor(Enumerable.Range(0, 5).Select(k => k == predictedRank ? 6f : 0f).ToArray(), 1, 5);
                using var label = tensor(new[] { 0f }, 1, 1);
                using var loss = multiclass.LossSum(logits, label, null);
                return loss.item<float>();
            }
            Assert.AreEqual(CrossEntropy(1), CrossEntropy(4), 1e-5);
        }

        [TestMethod]
        public void TextLabelsFollowTheClassOrderAndKeyLabelsTheKeyOrder()
        {
            string[] names = { "poor", "fair", "good", "very good", "excellent" };
            var rows = Synthetic.Rows(400, seed: 42).Select(r => new TextGradeRow { Features = r.Features, Grade = names[(int)r.Grade - 1] }).ToList();
            var data = Ml.Data.LoadFromEnumerable(rows);
            using (var model = Ml.MultiTask().Trainers.MultiTask(Synthetic.Options(20, TaskDefinition.Ordinal("Grade", classOrder: names))).Fit(data))
            {
                CollectionAssert.AreEqual(names, model.ClassNames["Grade"].ToArray());
                Assert.IsGreaterThan(0.6, Ml.MultiTask().Evaluate(model.Transform(data), model)["Grade"].Multiclass!.MicroAccuracy);
                // Without a number, ExpectedValue is in class positions 1..K.
                var expected = model.Transform(data).GetColumn<float>("Grade.ExpectedValue").ToArray();
                Assert.IsTrue(expected.All(v => v >= 1 && v <= 5));
            }

            var keyed = Ml.Transforms.Conversion.MapValueToKey("GradeKey", "Grade", keyData: Ml.Data.LoadFromEnumerable(names.Select(n => new ClassName { Name = n })))
                .Fit(data).Transform(data);
            using (var model = Ml.MultiTask().Trainers.MultiTask(Synthetic.Options(5, TaskDefinition.Ordinal("Grade", "GradeKey"))).Fit(keyed))
            {
                CollectionAssert.AreEqual(names, model.ClassNames["Grade"].ToArray(), "key order");
            }
        }

        [TestMethod]
        public void BadOrdinalTasksFailWithMessagesThatNameTheTaskAndTheClasses()
        {
            var rows = Synthetic.Rows(100, seed: 43);
            var text = Ml.Data.LoadFromEnumerable(rows.Select(r => new TextGradeRow { Features = r.Features, Grade = r.Grade > 3 ? "high" : r.Grade > 1 ? "mid" : "low" }));
            StringAssert.Contains(Fit(text, TaskDefinition.Ordinal("Grade")).Message, "Label column 'Grade' of ordinal task 'Grade' has type String, whose classes have no order");
            StringAssert.Contains(Fit(text, TaskDefinition.Ordinal("Grade", classOrder: new[] { "low", "mid", "top" })).Message, "holds the class 'high', which its class order (low, mid, top) does not list");
            var twoClasses = Ml.Data.LoadFromEnumerable(rows.Select(r => new GradeRow { Features = r.Features, Grade = r.Positive ? 2 : 1 }));
            StringAssert.Contains(Fit(twoClasses, TaskDefinition.Ordinal("Grade")).Message, "Ordinal task 'Grade' has 2 classes (label column 'Grade'); an ordinal task needs at least 3 ordered classes");
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => TaskDefinition.Ordinal("Grade", classOrder: new[] { "a", "b", "a" })).Message, "'a' is listed twice");
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => TaskDefinition.Ordinal("Grade", classOrder: new[] { "a", "b" })).Message, "lists 2 classes; an ordinal task needs at least 3");
            var task = TaskDefinition.Ordinal("Grade");
            task.BalanceClasses = true;
            StringAssert.Contains(Fit(twoClasses, task).Message, "BalanceClasses of task 'Grade' does not apply");
        }

        [TestMethod]
        public void APredictionEngineReadsTheExpectedValue()
        {
            var rows = Synthetic.Rows(300, seed: 44).Select(r => new GradeRow { Features = r.Features, Grade = r.Grade }).ToList();
            using var model = Ml.MultiTask().Trainers.MultiTask(Synthetic.Options(20, TaskDefinition.Ordinal("Grade"))).Fit(Ml.Data.LoadFromEnumerable(rows));
            var engine = Ml.Model.CreatePredictionEngine<GradeRow, GradePrediction>(model);
            var batch = model.Transform(Ml.Data.LoadFromEnumerable(rows.Take(5))).GetColumn<float>("Grade.ExpectedValue").ToArray();
            for (int i = 0; i < 5; i++)
            {
                var prediction = engine.Predict(rows[i]);
                Assert.AreEqual(batch[i], prediction.ExpectedValue);
                Assert.HasCount(5, prediction.Probabilities);
            }
        }

        private static Exception Fit(IDataView data, TaskDefinition task)
            => Assert.Throws<Exception>(() => Ml.MultiTask().Trainers.MultiTask(Synthetic.Options(2, task)).Fit(data));

        public sealed class GradeRow
        {
            [VectorType(4)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public float Grade { get; set; }
        }

        public sealed class TextGradeRow
        {
            [VectorType(4)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public string Grade { get; set; } = string.Empty;
        }

        public sealed class ClassName
        {
            public string Name { get; set; } = string.Empty;
        }

        public sealed class GradePrediction
        {
            [ColumnName("Grade.ExpectedValue")]
            public float ExpectedValue { get; set; }

            [ColumnName("Grade.Score")]
            public float[] Probabilities { get; set; } = Array.Empty<float>();
        }
    }
}
