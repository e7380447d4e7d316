using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class BadInputTests
    {
        private static readonly MLContext Ml = new MLContext(seed: 1);

        private static IDataView Data(int rows = 50) => Ml.Data.LoadFromEnumerable(Synthetic.Rows(rows, seed: 1));

        private static TException Fails<TException>(Action action, params string[] fragments)
            where TException : Exception
        {
            var error = Assert.ThrowsExactly<TException>(action);
            foreach (var fragment in fragments)
            {
                StringAssert.Contains(error.Message, fragment);
            }
            return error;
        }

        private static void Fit(MultiTaskTrainer.Options options, IDataView data)
            => Ml.MultiTask().Trainers.SharedEncoder(options).Fit(data).Dispose();

        [TestMethod]
        public void MissingFeatureColumn()
        {
            var options = Synthetic.Options(1, TaskDefinition.Binary("Positive"));
            options.FeatureColumnName = "Inputs";
            Fails<ArgumentOutOfRangeException>(() => Fit(options, Data()), "Feature column 'Inputs' was not found", "Available columns");
        }

        [TestMethod]
        public void MissingLabelColumn()
            => Fails<ArgumentOutOfRangeException>(() => Fit(Synthetic.Options(1, TaskDefinition.Binary("Churn", "churned")), Data()), "Label column 'churned' of task 'Churn' was not found");

        [TestMethod]
        public void UnsupportedLabelType()
        {
            Fails<ArgumentOutOfRangeException>(() => Fit(Synthetic.Options(1, TaskDefinition.Binary("Group")), Data()), "'Group'", "String", "expected Boolean, Single, Double or an integer type (1 = positive, 0 = negative; NaN = missing for Single and Double)");
            Fails<ArgumentOutOfRangeException>(() => Fit(Synthetic.Options(1, TaskDefinition.Regression("Tags")), Data()), "'Tags'", "expected Single or Double");
            Fails<ArgumentOutOfRangeException>(() => Fit(Synthetic.Options(1, TaskDefinition.MultiLabel("Amount")), Data()), "'Amount'", "known-size vector");
        }

        [TestMethod]
        public void FeatureColumnThatIsNotAKnownSizeFloatVector()
        {
            var options = Synthetic.Options(1, TaskDefinition.Binary("Positive"));
            options.FeatureColumnName = "Amount";
            Fails<ArgumentOutOfRangeException>(() => Fit(options, Data()), "Feature column 'Amount' has type Double", "known-size vector of Single");
        }

        [TestMethod]
        public void TaskWithoutAnyLabel()
        {
            var rows = Synthetic.Rows(20, 1).Select(r => new MissingLabelTests.PartialRow { Features = r.Features, Positive = float.NaN, Amount = 1 });
            Fails<InvalidOperationException>(() => Fit(Synthetic.Options(1, TaskDefinition.Binary("Positive")), Ml.Data.LoadFromEnumerable(rows)), "Task 'Positive' has no labelled row");
        }

        [TestMethod]
        public void BinaryTaskWithOneClass()
        {
            var rows = Synthetic.Rows(20, 1).Select(r => new MissingLabelTests.PartialRow { Features = r.Features, Positive = 1, Amount = 1 });
            Fails<InvalidOperationException>(() => Fit(Synthetic.Options(1, TaskDefinition.Binary("Positive")), Ml.Data.LoadFromEnumerable(rows)), "holds only positive labels", "needs both classes");
        }

        [TestMethod]
        public void MulticlassTaskWithOneObservedClassFailsForTextAndKeyLabels()
        {
            var rows = Synthetic.Rows(20, 1).Select((r, i) => new OneClassRow { Features = r.Features, Text = i % 4 == 0 ? "NA" : "north" }).ToList();
            var data = Ml.Data.LoadFromEnumerable(rows);
            // A key type listing three classes, of which only "north" occurs ("NA" is not among them and becomes key 0, missing).
            var keyed = KeyLabels.MapToKey(Ml, data, "Key", nameof(OneClassRow.Text), "north", "south", "east");
            Assert.AreEqual(3UL, ((KeyDataViewType)keyed.Schema["Key"].Type).Count);
            Fails<InvalidOperationException>(() => Fit(Synthetic.Options(1, TaskDefinition.Multiclass("Group", nameof(OneClassRow.Text))), keyed),
                "Label column 'Text' of multiclass task 'Group' holds only the class 'north'; a multiclass task needs at least two classes.");
            Fails<InvalidOperationException>(() => Fit(Synthetic.Options(1, TaskDefinition.Multiclass("Group", "Key")), keyed),
                "Label column 'Key' of multiclass task 'Group' holds only the class 'north'; a multiclass task needs at least two classes.");
        }

        [TestMethod]
        public void IntegerBinaryLabelOtherThanZeroOrOne()
        {
            var rows = Synthetic.Rows(20, 1).Select((r, i) => new IntegerFlagRow { Features = r.Features, Flag = i == 3 ? 2 : i % 2 }).ToList();
            Fails<InvalidOperationException>(() => Fit(Synthetic.Options(1, TaskDefinition.Binary("Flag")), Ml.Data.LoadFromEnumerable(rows)),
                "Label column 'Flag' of binary task 'Flag' has the value 2 at row 3; a binary label must be 1 (positive), 0 (negative) or NaN (missing).");
        }

        [TestMethod]
        public void NonFiniteFeaturesFailUnlessReplacementIsAsked()
        {
            var rows = Synthetic.Rows(40, 1);
            rows[7].Features[2] = float.NaN;
            var data = Ml.Data.LoadFromEnumerable(rows);
            Fails<InvalidOperationException>(() => Fit(Synthetic.Options(1, TaskDefinition.Binary("Positive")), data), "non-finite value (NaN) at row 7, slot 2", "ReplaceNonFiniteFeatures");

            var options = Synthetic.Options(1, TaskDefinition.Binary("Positive"));
            options.ReplaceNonFiniteFeatures = true;
            using var model = Ml.MultiTask().Trainers.SharedEncoder(options).Fit(data);
            Assert.IsTrue(model.Transform(data).GetColumn<float>("Positive.Score").All(float.IsFinite), "the graph must replace NaN too");
        }

        [TestMethod]
        public void NonFiniteFeaturesFailScoringAsTheyFailTraining()
        {
            using var model = Ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(1, TaskDefinition.Binary("Positive"))).Fit(Data());
            var rows = Synthetic.Rows(400, 2);
            rows[300].Features[1] = float.PositiveInfinity; // in the second batch of 256
            var error = BatchScoringTests.Thrown(() => model.Transform(Ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Positive.Score").ToArray(), "Feature column");
            Assert.IsInstanceOfType<InvalidOperationException>(error);
            Assert.AreEqual(
                $"Feature column 'Features' has a non-finite value ({float.PositiveInfinity}) at row 300, slot 1. The model was trained with Options.ReplaceNonFiniteFeatures = false, " +
                "so it would score NaN: replace missing values before scoring (mlContext.Transforms.ReplaceMissingValues), or train with Options.ReplaceNonFiniteFeatures = true to read them as 0.",
                error.Message);

            // PredictionEngine scores row by row through OnnxTransformer, which cannot check: the documented NaN score.
            var engine = Ml.Model.CreatePredictionEngine<SyntheticRow, PositiveScore>(model);
            Assert.IsTrue(float.IsNaN(engine.Predict(rows[300]).Score));
            Assert.IsTrue(float.IsFinite(engine.Predict(rows[299]).Score));
        }

        [TestMethod]
        public void NonFiniteFeatureAnywhereInAWideVectorIsFoundAtItsSlot()
        {
            // 20 slots: whole SIMD vectors and a remainder, both searched.
            var random = new Random(4);
            WideRow Row() => new WideRow { Features = Enumerable.Range(0, 20).Select(_ => (float)random.NextDouble() - 0.5f).ToArray() };
            var train = Enumerable.Range(0, 64).Select(_ => Row()).Select(r => { r.Positive = r.Features[0] > 0; return r; }).ToList();
            using var model = Ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(1, TaskDefinition.Binary("Positive"))).Fit(Ml.Data.LoadFromEnumerable(train));
            foreach (int slot in new[] { 0, 7, 13, 16, 19 })
            {
                var rows = Enumerable.Range(0, 5).Select(_ => Row()).ToList();
                rows[2].Features[slot] = float.NegativeInfinity;
                var error = BatchScoringTests.Thrown(() => model.Transform(Ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Positive.Score").ToArray(), "Feature column");
                StringAssert.StartsWith(error.Message, $"Feature column 'Features' has a non-finite value ({float.NegativeInfinity}) at row 2, slot {slot}. ");
            }
        }

        [TestMethod]
        public void ScoringFeaturesOfTheWrongSize()
        {
            using var model = Ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(1, TaskDefinition.Binary("Positive"))).Fit(Data());
            var definition = SchemaDefinition.Create(typeof(BatchScoringTests.FeatureRow));
            definition[nameof(BatchScoringTests.FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 3);
            var data = Ml.Data.LoadFromEnumerable(new[] { new BatchScoringTests.FeatureRow { Features = new float[3] } }, definition);
            const string message = "Feature column 'Features' has 3 slots; the model was trained on 4. Build the features as for training (the same columns, categories and order).";
            // At Transform and GetOutputSchema, before any row is read.
            StringAssert.StartsWith(Fails<ArgumentOutOfRangeException>(() => model.Transform(data)).Message, message);
            StringAssert.StartsWith(Fails<ArgumentOutOfRangeException>(() => model.GetOutputSchema(data.Schema)).Message, message);
            StringAssert.StartsWith(Fails<ArgumentOutOfRangeException>(() => Ml.Model.CreatePredictionEngine<BatchScoringTests.FeatureRow, PositiveScore>(model, inputSchemaDefinition: definition)).Message, message);
        }

        [TestMethod]
        public void DuplicateTaskNames()
            => Fails<ArgumentException>(() => Ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(1, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Positive", "Amount"))), "2 tasks named 'Positive'");

        [TestMethod]
        public void NonPositiveTrainingSettings()
        {
            foreach (var (change, name) in new (Action<MultiTaskTrainer.Options>, string)[]
            {
                (o => o.MaxEpochs = 0, "MaxEpochs"),
                (o => o.BatchSize = -1, "BatchSize"),
                (o => o.LearningRate = 0, "LearningRate"),
                (o => o.LearningRate = double.NaN, "LearningRate"),
                (o => o.Dropout = 1, "Dropout"),
                (o => o.Architecture = new HardSharing { SharedLayers = new[] { 8, 0 } }, "Architecture.SharedLayers"),
                (o => o.Device = "gpu", "Device"),
            })
            {
                var options = Synthetic.Options(1, TaskDefinition.Binary("Positive"));
                change(options);
                var error = Fails<ArgumentOutOfRangeException>(() => Ml.MultiTask().Trainers.SharedEncoder(options), "Options." + name);
                Assert.AreEqual(name, error.ParamName);
            }
            Fails<ArgumentException>(() => Ml.MultiTask().Trainers.SharedEncoder(new MultiTaskTrainer.Options()), "Options.Tasks is empty");
            Fails<ArgumentOutOfRangeException>(() => TaskDefinition.Binary("A", lossWeight: -1), "loss weight of task 'A'");
            Fails<ArgumentException>(() => TaskDefinition.Regression(" "), "non-empty name");
        }

        [TestMethod]
        public void EmptyTrainingSet()
            => Fails<ArgumentException>(() => Fit(Synthetic.Options(1, TaskDefinition.Binary("Positive")), Ml.Data.LoadFromEnumerable(Array.Empty<SyntheticRow>())), "training data has no rows");

        [TestMethod]
        public void UnavailableCudaDeviceIsAClearError()
        {
            if (TorchSharp.torch.cuda.is_available())
            {
                Assert.Inconclusive("This machine has CUDA; the error path cannot be reached.");
            }
            var options = Synthetic.Options(1, TaskDefinition.Binary("Positive"));
            options.Device = "cuda";
            Fails<InvalidOperationException>(() => Fit(options, Data()), "Device 'cuda'", "no CUDA backend");

            // With FallbackToCpu, MLContext.GpuDeviceId's CUDA device falls back to the CPU with a warning: the very model a CPU run trains.
            var context = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = true };
            var warnings = new System.Collections.Generic.List<string>();
            context.Log += (_, e) => { if (e.Kind == Runtime.ChannelMessageKind.Warning) { warnings.Add(e.Message); } };
            options.Device = null;
            using var fellBack = context.MultiTask().Trainers.SharedEncoder(options).Fit(Data());
            options.Device = "cpu";
            using var onCpu = new MLContext(seed: 1).MultiTask().Trainers.SharedEncoder(options).Fit(Data());
            Assert.IsTrue(warnings.Any(w => w.Contains("Device 'cuda:0' was asked for but TorchSharp finds no CUDA backend; training on the CPU because MLContext.FallbackToCpu is true.", StringComparison.Ordinal)),
                string.Join("\n", warnings));
            CollectionAssert.AreEqual(onCpu.Transform(Data()).GetColumn<float>("Positive.Score").ToArray(), fellBack.Transform(Data()).GetColumn<float>("Positive.Score").ToArray());
        }

        [TestMethod]
        public void ScoringDataWithoutTheFeatureColumn()
        {
            using var model = Ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(1, TaskDefinition.Binary("Positive"))).Fit(Data());
            var expected = model.Transform(Data()).GetColumn<float>("Positive.Score").ToArray();
            var missing = Ml.Transforms.DropColumns("Features").Fit(Data()).Transform(Data());
            Fails<ArgumentOutOfRangeException>(() => model.Transform(missing),
                "Feature column 'Features' was not found in the data to score. Available columns: Positive, Amount, Group, GroupNumber, Tags, TagScores, Region, Weight, Grade.");
            var wrongType = Ml.Transforms.CopyColumns("Features", "Amount").Fit(Data()).Transform(Data());
            Fails<ArgumentOutOfRangeException>(() => model.Transform(wrongType), "Feature column 'Features' has type Double; expected a known-size vector of Single");
            CollectionAssert.AreEqual(expected, model.Transform(Data()).GetColumn<float>("Positive.Score").ToArray(), "a refused call leaves the model scoring as before");
        }

        public sealed class OneClassRow
        {
            [VectorType(4)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public string Text { get; set; } = string.Empty;
        }

        public sealed class IntegerFlagRow
        {
            [VectorType(4)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public int Flag { get; set; }
        }

        public sealed class PositiveScore
        {
            [ColumnName("Positive.Score")]
            public float Score { get; set; }
        }

        public sealed class WideRow
        {
            [VectorType(20)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public bool Positive { get; set; }
        }
    }
}
