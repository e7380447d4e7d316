using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Encodings;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class EncodingTests
    {
        private static float[] Encode(PiecewiseLinearEncoding encoding, float[] training, int width, float[] rows)
        {
            using var scope = NewDisposeScope();
            var features = new DenseFeatureMatrix(training, training.Length / width, width);
            using var encoder = encoding.Build(new EncodingContext(features, null, null, "Options.FeatureEncoding"));
            using var values = encoder.forward(tensor(rows, new long[] { rows.Length / width, width })).data<float>();
            return values.ToArray();
        }

        [TestMethod]
        public void AboveAMillionRowsTheNumericValuesComeFromAnEvenSample()
        {
            // 2.5 million rows of one slot holding the row number: every third row is kept, 833,334 rows in all.
            const int rows = 2_500_000;
            var values = Enumerable.Range(0, rows).Select(r => (float)r).ToArray();
            var starts = Enumerable.Range(0, rows + 1).Select(r => (long)Math.Max(0, r - 1)).ToArray();
            var features = new SparseFeatureMatrix(starts, Enumerable.Repeat(0, rows - 1).ToArray(), values[1..], rows, 1);
            var slots = NumericSlots.Find(new EncodingContext(features, null, null, "Options.FeatureEncoding"), null, "NumericSlots", out int sampled);
            Assert.AreEqual(833_334, sampled);
            Assert.HasCount(833_333, slots[0].NonZeros, "row 0 holds the implicit zero");
            Assert.IsTrue(slots[0].NonZeros.All(v => v % 3 == 0), "every third row");
            Assert.AreEqual(rows - 1 - ((rows - 1) % 3), slots[0].NonZeros.Max(), "the sample reaches the last rows");
        }

        [TestMethod]
        public void PiecewiseLinearEncodingFillsTheBinsBelowTheValueAndExtrapolatesAtTheEnds()
        {
            // Slot 0 is numeric with quantile edges 0, 1, 2, 3, 4 (4 bins); slot 1 is one-hot and passes through first.
            var training = new float[] { 0, 1, 1, 0, 2, 1, 3, 0, 4, 1 };
            var encoding = new PiecewiseLinearEncoding { Bins = 4 };
            CollectionAssert.AreEqual(new float[] { 1, 1, 1, 0.5f, 0 }, Encode(encoding, training, 2, new float[] { 2.5f, 1 }));
            CollectionAssert.AreEqual(new float[] { 0, -1, 0, 0, 0 }, Encode(encoding, training, 2, new float[] { -1, 0 }), "the first bin extrapolates below");
            CollectionAssert.AreEqual(new float[] { 0, 1, 1, 1, 3 }, Encode(encoding, training, 2, new float[] { 6, 0 }), "the last bin extrapolates above");
        }

        [TestMethod]
        public void FewDistinctValuesGiveFewerBinsAndAConstantSlotIsLeftAlone()
        {
            // Slot 0 has three distinct values (two bins), slot 1 a single one (not numeric: passes through).
            var training = new float[] { 0, 5, 2, 5, 0, 5, 4, 5 };
            var encoding = new PiecewiseLinearEncoding { Bins = 8 };
            CollectionAssert.AreEqual(new float[] { 5, 0.5f, 0 }, Encode(encoding, training, 2, new float[] { 1, 5 }));
            // Two distinct values, before or after scaling, make a binary slot: left alone.
            CollectionAssert.AreEqual(new float[] { 1, 5 }, Encode(encoding, new float[] { 0, 5, 2, 5, 0, 5, 2, 5 }, 2, new float[] { 1, 5 }));
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Encode(new PiecewiseLinearEncoding { NumericSlots = new[] { 3 } }, training, 2, new float[] { 1, 5 }));
            StringAssert.Contains(error.Message, "Options.FeatureEncoding.NumericSlots names slot 3, but the feature vector has 2 slots.");
            var options = Synthetic.Options(1, TaskDefinition.Binary("Positive"));
            options.FeatureEncoding = new PiecewiseLinearEncoding { Bins = 1 };
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MLContext().MultiTask().Trainers.MultiTask(options)).Message, "Options.FeatureEncoding.Bins must be >= 2; got 1.");
        }

        [TestMethod]
        public void PeriodicEncodingPassesOtherSlotsThroughAndLetsALinearModelFitAPeriodicLabel()
        {
            using (var scope = NewDisposeScope())
            {
                var training = new float[] { 0.5f, 0, 1.5f, 1, 1, 0, 0, 1 };
                var features = new DenseFeatureMatrix(training, 4, 2);
                using var encoder = new PeriodicEncoding { Frequencies = 3, EmbeddingSize = 5 }.Build(new EncodingContext(features, null, null, "Options.FeatureEncoding"));
                Assert.AreEqual(1 + 5, encoder.OutputSize, "slot 1 (0/1) passes through, slot 0 becomes 5 values");
                using var values = encoder.forward(tensor(new float[] { 0.7f, 1 }, new long[] { 1, 2 })).data<float>();
                Assert.AreEqual(1f, values[0]);
                Assert.IsTrue(values.ToArray().Skip(1).All(v => v >= 0), "ReLU");
            }
            // Positive flips with cos(3·x0): no linear model of x0 can fit it; a linear model of cos/sin features can.
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(1000, seed: 8).Select(r => { r.Positive = Math.Cos(3 * r.Features[0]) > 0; return r; }).ToList();
            double Auc(FeatureEncoding? encoding)
            {
                var options = Synthetic.Options(30, TaskDefinition.Binary("Positive"));
                options.Architecture = new HardSharing { SharedLayers = Array.Empty<int>() };
                options.HeadLayers = Array.Empty<int>();
                options.FeatureEncoding = encoding;
                using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(ml.Data.LoadFromEnumerable(rows.Take(800).ToList()));
                return ml.MultiTask().Evaluate(model.Transform(ml.Data.LoadFromEnumerable(rows.Skip(800).ToList())), model)["Positive"].Binary!.AreaUnderRocCurve;
            }
            double plain = Auc(null), periodic = Auc(new PeriodicEncoding { Sigma = 0.5 });
            Assert.IsGreaterThan(0.9, periodic, $"linear model on periodic embeddings: AUC {periodic:0.000}");
            Assert.IsLessThan(0.7, plain, $"linear model on the raw features: AUC {plain:0.000}");
        }

        [TestMethod]
        public void RobustScalingCentresOnTheMedianDividesByTheRangeAndClipsSmoothly()
        {
            using var scope = NewDisposeScope();
            // Slot 0: values 0..8 (median 4, quartiles 2 and 6: range 4); slot 1 is 0/1 and passes through first.
            var training = Enumerable.Range(0, 9).SelectMany(v => new float[] { v, v % 2 }).ToArray();
            var features = new DenseFeatureMatrix(training, 9, 2);
            using var encoder = new RobustScaling().Build(new EncodingContext(features, null, null, "Options.FeatureEncoding"));
            using var values = encoder.forward(tensor(new float[] { 10, 1, 4, 0, 1000, 1 }, new long[] { 3, 2 })).data<float>();
            var v = values.ToArray();
            double Clip(double x) => x / Math.Sqrt(1 + (x / 3 * (x / 3)));
            Assert.AreEqual(1f, v[0]);
            Assert.AreEqual(Clip(1.5), v[1], 1e-6, "(10 − 4) / 4 = 1.5, nearly unchanged");
            Assert.AreEqual(0f, v[3], "the median maps to 0");
            Assert.AreEqual(3, v[5], 0.01, "an outlier is bounded by 3");
        }

        [TestMethod]
        public void TheEncodingLetsANetworkCutAThresholdItCouldNotFitLinearly()
        {
            // A label that flips at a threshold of a heavy-tailed feature: with linear heads and no hidden layer, only the
            // encoding can express the step.
            var ml = new MLContext(seed: 1);
            var random = new Random(4);
            var rows = Synthetic.Rows(800, seed: 6).Select(r =>
            {
                r.Features[0] = (float)Math.Exp(2 * r.Features[0]);
                r.Positive = r.Features[0] > 0.5f && r.Features[0] < 3f;
                return r;
            }).ToList();
            double Auc(FeatureEncoding? encoding)
            {
                var options = Synthetic.Options(30, TaskDefinition.Binary("Positive"));
                options.Architecture = new HardSharing { SharedLayers = Array.Empty<int>() };
                options.HeadLayers = Array.Empty<int>();
                options.FeatureEncoding = encoding;
                using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(ml.Data.LoadFromEnumerable(rows.Take(600).ToList()));
                return ml.MultiTask().Evaluate(model.Transform(ml.Data.LoadFromEnumerable(rows.Skip(600).ToList())), model)["Positive"].Binary!.AreaUnderRocCurve;
            }
            double plain = Auc(null), encoded = Auc(new PiecewiseLinearEncoding { Bins = 16 });
            Assert.IsGreaterThan(0.95, encoded, $"linear model on the encoding: AUC {encoded:0.000}");
            Assert.IsLessThan(0.75, plain, $"linear model on the raw features: AUC {plain:0.000}");
        }

        [TestMethod]
        public void NonFiniteFeaturesReadAsZeroBeforeEveryEncoding()
        {
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(200, seed: 12);
            rows[5].Features[0] = float.NaN;
            rows[9].Features[1] = float.PositiveInfinity;
            foreach (var encoding in new FeatureEncoding[] { new PiecewiseLinearEncoding { Bins = 8 }, new PeriodicEncoding(), new RobustScaling() })
            {
                var options = Synthetic.Options(2, TaskDefinition.Binary("Positive"));
                options.ReplaceNonFiniteFeatures = true;
                options.FeatureEncoding = encoding;
                using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(ml.Data.LoadFromEnumerable(rows));
                var probe = new[] { new SyntheticRow { Features = new[] { float.NaN, 0.5f, 0, 1 } }, new SyntheticRow { Features = new[] { 0f, 0.5f, 0, 1 } } };
                var scores = model.Transform(ml.Data.LoadFromEnumerable(probe)).GetColumn<float>("Positive.Score").ToArray();
                Assert.IsTrue(float.IsFinite(scores[0]), $"{encoding}: a NaN feature scores");
                Assert.AreEqual(scores[1], scores[0], $"{encoding}: NaN reads as 0");
            }
        }
    }
}
