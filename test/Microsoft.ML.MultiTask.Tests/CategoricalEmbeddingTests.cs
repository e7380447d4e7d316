using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class CategoricalEmbeddingTests
    {
        private sealed class CategoryRow
        {
            public float X { get; set; }

            public string City { get; set; } = string.Empty;

            public bool Positive { get; set; }
        }

        /// <summary>Counts the network's parameters at the end of training.</summary>
        private sealed class ParameterCounter : TrainingObserver
        {
            public long Count { get; private set; }

            public override void OnTrainingEnd(IMultiTaskNetwork network, MultiTaskDataSet training)
                => Count = network.Module.parameters().Sum(p => p.numel());
        }

        /// <summary>Rows whose label depends on the city (odd-numbered cities are positive) and a little on X.</summary>
        private static List<CategoryRow> Rows(int count, int cities, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, count).Select(i =>
            {
                int city = i % cities;
                float x = (float)random.NextDouble();
                return new CategoryRow { X = x, City = "c" + city, Positive = (city % 2 == 1) ^ (x > 0.95f) };
            }).ToList();
        }

        private static IEstimator<ITransformer> Featurize(MLContext ml)
            => ml.Transforms.Categorical.OneHotEncoding("CityOneHot", nameof(CategoryRow.City))
                .Append(ml.Transforms.Concatenate("Features", nameof(CategoryRow.X), "CityOneHot"));

        private static MultiTaskTrainer.Options Options(int epochs, CategoricalEmbeddings? embeddings, params int[] shared)
        {
            var options = Synthetic.Options(epochs, TaskDefinition.Binary(nameof(CategoryRow.Positive)));
            options.Architecture = new HardSharing { SharedLayers = shared };
            options.CategoricalEmbeddings = embeddings;
            return options;
        }

        [TestMethod]
        public void AThousandCategoryColumnCostsItsTableNotAThousandInputsPerUnit()
        {
            var ml = new MLContext(seed: 1);
            var data = Featurize(ml).Fit(ml.Data.LoadFromEnumerable(Rows(3000, 1000, 1))).Transform(ml.Data.LoadFromEnumerable(Rows(3000, 1000, 1)));
            long Parameters(CategoricalEmbeddings? embeddings)
            {
                var options = Options(1, embeddings, 128);
                var counter = new ParameterCounter();
                options.Observers.Add(counter);
                ml.MultiTask().Trainers.MultiTask(options).Fit(data).Dispose();
                return counter.Count;
            }
            // Head [8] + output: 128·8 + 8 + 8 + 1 in both networks.
            long head = (128 * 8) + 8 + 8 + 1;
            Assert.AreEqual(((1 + 1000) * 128) + 128 + head, Parameters(null), "one-hot: 1,001 inputs to each of 128 units");
            int d = 16;
            Assert.AreEqual((1000 * d) + d + ((1 + d) * 128) + 128 + head, Parameters(new CategoricalEmbeddings()), "embedded: a 1,000 × 16 table, an unknown vector, 17 inputs per unit");
        }

        [TestMethod]
        public void UnseenAndRareCategoriesShareTheLearnedUnknownVector()
        {
            var ml = new MLContext(seed: 1);
            var training = Rows(400, 8, 2);
            // City c7 has 2 rows: fewer than MinimumRows, so it is scored as unknown.
            training.AddRange(new[] { new CategoryRow { X = 0.5f, City = "c9", Positive = true }, new CategoryRow { X = 0.2f, City = "c9", Positive = true } });
            var featurizer = Featurize(ml).Fit(ml.Data.LoadFromEnumerable(training));
            var options = Options(30, new CategoricalEmbeddings { MinimumRows = 3, EmbeddingSize = 4 }, 16);
            using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(featurizer.Transform(ml.Data.LoadFromEnumerable(training)));
            float Score(string city) => model.Transform(featurizer.Transform(ml.Data.LoadFromEnumerable(new[] { new CategoryRow { X = 0.3f, City = city } })))
                .GetColumn<float>("Positive.Probability").Single();
            Assert.AreEqual(Score("never-seen"), Score("c9"), "an unseen city and a rare one both get the unknown vector");
            Assert.IsLessThan(0.2f, Score("c2"), "an even city is negative");
            Assert.IsGreaterThan(0.8f, Score("c3"), "an odd city is positive");
            Assert.AreNotEqual(Score("never-seen"), Score("c2"));
            var metrics = ml.MultiTask().Evaluate(model.Transform(featurizer.Transform(ml.Data.LoadFromEnumerable(Rows(200, 8, 3)))), model);
            Assert.IsGreaterThan(0.95, metrics["Positive"].Binary!.AreaUnderRocCurve);
        }

        [TestMethod]
        public void BadSettingsAndFeaturesWithoutOneHotColumnsGiveClearErrors()
        {
            var ml = new MLContext(seed: 1);
            var rows = Rows(60, 4, 4);
            var data = Featurize(ml).Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
            string Error(CategoricalEmbeddings embeddings, IDataView? on = null)
                => Assert.ThrowsExactly<InvalidOperationException>(() => ml.MultiTask().Trainers.MultiTask(Options(1, embeddings, 8)).Fit(on ?? data)).Message;

            StringAssert.Contains(Error(new CategoricalEmbeddings { Columns = new[] { "Town" } }),
                "Options.CategoricalEmbeddings.Columns names 'Town', but no slot of the feature vector is named 'Town.<category>'; one-hot columns found: CityOneHot (4).");
            StringAssert.Contains(Error(new CategoricalEmbeddings { MinimumCategories = 5 }),
                "Options.CategoricalEmbeddings found no one-hot column of at least 5 categories in the feature vector (one-hot columns: CityOneHot (4)).");
            var plain = ml.Data.LoadFromEnumerable(Synthetic.Rows(50, 1));
            StringAssert.Contains(Error(new CategoricalEmbeddings(), plain), "(it has no slot names)");

            var options = Options(1, new CategoricalEmbeddings { EmbeddingSize = 0 }, 8);
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MultiTask().Trainers.MultiTask(options)).Message,
                "Options.CategoricalEmbeddings.EmbeddingSize must be >= 1 (or null for the size chosen from the categories); got 0.");
        }

        [TestMethod]
        public void AGroupThatIsNotOneHotIsNamedWithTheRowThatBreaksIt()
        {
            var ml = new MLContext(seed: 1);
            var rows = Rows(60, 4, 4);
            // Bag of words: a row can have two 1s in the group, so it is not a categorical column.
            var pipeline = ml.Transforms.Text.TokenizeIntoWords("Words", nameof(CategoryRow.City))
                .Append(ml.Transforms.Conversion.MapValueToKey("Words"))
                .Append(ml.Transforms.Text.ProduceNgrams("Bag", "Words", ngramLength: 1, weighting: Microsoft.ML.Transforms.Text.NgramExtractingEstimator.WeightingCriteria.Tf))
                .Append(ml.Transforms.Concatenate("Features", nameof(CategoryRow.X), "Bag"));
            var text = rows.Select(r => new CategoryRow { X = r.X, City = r.City + " " + r.City + "x", Positive = r.Positive }).ToList();
            var data = pipeline.Fit(ml.Data.LoadFromEnumerable(text)).Transform(ml.Data.LoadFromEnumerable(text));
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => ml.MultiTask().Trainers.MultiTask(Options(1, new CategoricalEmbeddings { Columns = new[] { "Bag" } }, 8)).Fit(data)).Message;
            StringAssert.Contains(error, "Options.CategoricalEmbeddings.Columns names 'Bag', whose slots are not one-hot: row 0 has a 1 in both 'Bag.c0' and 'Bag.c0x'.");
        }

        [TestMethod]
        public void AColumnOverTheCategoryLimitIsRefusedBeforeTraining()
        {
            var ml = new MLContext(seed: 1);
            int cities = CategoricalEmbeddings.MaxCategories + 1;
            var rows = Enumerable.Range(0, cities).Select(i => new CategoryRow { X = i % 7, City = "c" + i, Positive = i % 2 == 0 }).ToList();
            var data = Featurize(ml).Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => ml.MultiTask().Trainers.MultiTask(Options(1, new CategoricalEmbeddings(), 8)).Fit(data)).Message;
            StringAssert.Contains(error, $"Options.CategoricalEmbeddings: column 'CityOneHot' has {cities} categories, over the limit of {CategoricalEmbeddings.MaxCategories}; hash it (OneHotHashEncoding) or leave it out of Columns.");
        }
    }
}
