using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.MultiTask.Samples;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class ScoringTests
    {
        private static MLContext _ml = null!;
        private static TransformerChain<MultiTaskTransformer> _model = null!;
        private static IDataView _train = null!;
        private static IDataView _test = null!;
        private static ForwardPassRecorder _forward = null!;

        [ClassInitialize]
        public static void TrainOnce(TestContext context)
        {
            _ml = new MLContext(seed: 1);
            var (train, test) = Penguins.Split(Penguins.Load());
            _train = _ml.Data.LoadFromEnumerable(train);
            _test = _ml.Data.LoadFromEnumerable(test);
            var options = Penguins.Options(epochs: 30);
            _forward = new ForwardPassRecorder(Penguins.Featurize(_ml).Fit(_train).Transform(_test).GetColumn<float[]>("Features").ToArray());
            options.Observers.Add(_forward);
            _model = Penguins.Featurize(_ml).Append(_ml.MultiTask().Trainers.SharedEncoder(options)).Fit(_train);
        }

        [ClassCleanup]
        public static void Release() => _model.LastTransformer.Dispose();

        [TestMethod]
        public void OutputColumnsFollowMlNetConventions()
        {
            var schema = _model.Transform(_test).Schema;
            Assert.AreEqual(NumberDataViewType.Single, schema["Sex.Score"].Type);
            Assert.AreEqual(NumberDataViewType.Single, schema["Sex.Probability"].Type);
            Assert.AreEqual(BooleanDataViewType.Instance, schema["Sex.PredictedLabel"].Type);
            Assert.AreEqual(NumberDataViewType.Single, schema["BodyMass.Score"].Type);
            Assert.AreEqual(3, ((VectorDataViewType)schema["Species.Score"].Type).Size);
            var key = (KeyDataViewType)schema["Species.PredictedLabel"].Type;
            Assert.AreEqual(3UL, key.Count);
            VBuffer<ReadOnlyMemory<char>> names = default;
            schema["Species.PredictedLabel"].GetKeyValues(ref names);
            CollectionAssert.AreEqual(_model.LastTransformer.ClassNames["Species"].ToArray(), names.DenseValues().Select(n => n.ToString()).ToArray());
            Assert.IsFalse(schema.Any(c => c.Name.StartsWith("MultiTask.", StringComparison.Ordinal) && !c.IsHidden), "intermediate columns must be dropped");
        }

        [TestMethod]
        public void PredictedLabelsAgreeWithScores()
        {
            var scored = _model.Transform(_test);
            var probabilities = scored.GetColumn<float>("Sex.Probability").ToArray();
            var logits = scored.GetColumn<float>("Sex.Score").ToArray();
            var predicted = scored.GetColumn<bool>("Sex.PredictedLabel").ToArray();
            for (int i = 0; i < logits.Length; i++)
            {
                Assert.AreEqual(1 / (1 + Math.Exp(-logits[i])), probabilities[i], 1e-6);
                Assert.AreEqual(logits[i] > 0, predicted[i]);
            }
            var classes = _model.LastTransformer.ClassNames["Species"];
            var scores = scored.GetColumn<float[]>("Species.Score").ToArray();
            var keys = scored.GetColumn<uint>("Species.PredictedLabel").ToArray();
            for (int i = 0; i < scores.Length; i++)
            {
                Assert.AreEqual(1.0, scores[i].Sum(), 1e-5);
                Assert.AreEqual((uint)Array.IndexOf(scores[i], scores[i].Max()) + 1, keys[i]);
            }
        }

        [TestMethod]
        public void OnnxScoresMatchTheTorchSharpForwardPass()
        {
            var model = _model.LastTransformer;
            var scored = _model.Transform(_test);
            var features = scored.GetColumn<float[]>("Features").ToArray();
            var logits = _forward.Logits;
            Assert.HasCount(3, logits);
            var species = scored.GetColumn<float[]>("Species.Score").ToArray();
            var sex = scored.GetColumn<float>("Sex.Score").ToArray();
            var mass = scored.GetColumn<float>("BodyMass.Score").ToArray();
            var massHead = (Microsoft.ML.MultiTask.Tasks.RegressionTaskHead)model.Heads[2];
            for (int i = 0; i < features.Length; i++)
            {
                var z = logits[0].Skip(3 * i).Take(3).Select(v => Math.Exp(v)).ToArray();
                for (int k = 0; k < 3; k++)
                {
                    AssertClose(z[k] / z.Sum(), species[i][k]);
                }
                AssertClose(logits[1][i], sex[i]);
                AssertClose((logits[2][i] * massHead.StandardDeviation) + massHead.Mean, mass[i]);
            }
        }

        [TestMethod]
        public void SavedZipLoadsBackWithIdenticalPredictionsAndMetrics()
        {
            string path = Path.Combine(Path.GetTempPath(), $"multitask-test-{Guid.NewGuid():N}.zip");
            try
            {
                _ml.Model.Save(_model, _train.Schema, path);
                var fresh = new MLContext(seed: 2);
                var loaded = fresh.Model.Load(path, out var inputSchema);
                Assert.IsNotNull(inputSchema.GetColumnOrNull("Island"));
                var expected = _model.Transform(_test);
                var actual = loaded.Transform(_test);
                foreach (var column in new[] { "Sex.Score", "Sex.Probability", "BodyMass.Score" })
                {
                    CollectionAssert.AreEqual(expected.GetColumn<float>(column).ToArray(), actual.GetColumn<float>(column).ToArray(), column);
                }
                CollectionAssert.AreEqual(expected.GetColumn<bool>("Sex.PredictedLabel").ToArray(), actual.GetColumn<bool>("Sex.PredictedLabel").ToArray());
                CollectionAssert.AreEqual(expected.GetColumn<uint>("Species.PredictedLabel").ToArray(), actual.GetColumn<uint>("Species.PredictedLabel").ToArray());
                var expectedSpecies = expected.GetColumn<float[]>("Species.Score").SelectMany(v => v).ToArray();
                CollectionAssert.AreEqual(expectedSpecies, actual.GetColumn<float[]>("Species.Score").SelectMany(v => v).ToArray());

                var before = _ml.MultiTask().Evaluate(expected, _model.LastTransformer);
                var after = fresh.MultiTask().Evaluate(actual, _model.LastTransformer.Tasks);
                Assert.AreEqual(before["Sex"].Binary!.AreaUnderRocCurve, after["Sex"].Binary!.AreaUnderRocCurve);
                Assert.AreEqual(before["Species"].Multiclass!.MicroAccuracy, after["Species"].Multiclass!.MicroAccuracy);
                Assert.AreEqual(before["BodyMass"].Regression!.RootMeanSquaredError, after["BodyMass"].Regression!.RootMeanSquaredError);
                (loaded as IDisposable)?.Dispose();
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void PredictionEngineGivesTypedPerTaskOutputs()
        {
            var engine = _ml.Model.CreatePredictionEngine<Penguin, PenguinPrediction>(_model);
            var scored = _model.Transform(_test);
            var first = Penguins.Split(Penguins.Load()).Test[0];
            var prediction = engine.Predict(first);
            Assert.AreEqual(scored.GetColumn<float>("Sex.Probability").First(), prediction.SexProbability);
            Assert.AreEqual(scored.GetColumn<float>("BodyMass.Score").First(), prediction.BodyMass);
            Assert.AreEqual(scored.GetColumn<uint>("Species.PredictedLabel").First(), prediction.SpeciesKey);
        }

        [TestMethod]
        public void EightThreadsScoringAtOnceGiveTheSingleThreadAnswers()
        {
            var rows = Penguins.Split(Penguins.Load()).Test;
            // Many batches of the batched scorer per thread: the test rows repeated.
            var many = _ml.Data.LoadFromEnumerable(Enumerable.Repeat(rows, 10).SelectMany(r => r).ToList());
            string Answers(IDataView scored) => string.Join(";", scored.GetColumn<float>("Sex.Score").Select(v => v.ToString("R")))
                + "|" + string.Join(";", scored.GetColumn<float>("BodyMass.Score").Select(v => v.ToString("R")))
                + "|" + string.Join(";", scored.GetColumn<uint>("Species.PredictedLabel"))
                + "|" + string.Join(";", scored.GetColumn<float[]>("Species.Score").SelectMany(v => v).Select(v => v.ToString("R")));
            string expectedBatch = Answers(_model.Transform(many));
            var engine = _ml.Model.CreatePredictionEngine<Penguin, PenguinPrediction>(_model);
            var expectedRows = rows.Select(r => engine.Predict(r)).Select(p => (p.SexProbability, p.BodyMass, p.SpeciesKey)).ToArray();

            using var start = new System.Threading.Barrier(8);
            var results = new (string Batch, (float, float, uint)[] Rows)[8];
            var threads = Enumerable.Range(0, 8).Select(t => new System.Threading.Thread(() =>
            {
                var own = _ml.Model.CreatePredictionEngine<Penguin, PenguinPrediction>(_model);
                start.SignalAndWait();
                var predicted = rows.Select(r => own.Predict(r)).Select(p => (p.SexProbability, p.BodyMass, p.SpeciesKey)).ToArray();
                results[t] = (Answers(_model.Transform(many)), predicted);
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            for (int t = 0; t < 8; t++)
            {
                Assert.AreEqual(expectedBatch, results[t].Batch, $"thread {t}: Transform");
                CollectionAssert.AreEqual(expectedRows, results[t].Rows, $"thread {t}: PredictionEngine");
            }
        }

        [TestMethod]
        public void EstimatorOutputSchemaMatchesTheFittedModel()
        {
            var estimator = Penguins.Featurize(_ml).Append(_ml.MultiTask().Trainers.SharedEncoder(Penguins.Options()));
            // SchemaShape.Create is internal to ML.NET; pipelines call it the same way when they check schemas.
            var create = typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, new[] { typeof(DataViewSchema) })!;
            var shape = estimator.GetOutputSchema((SchemaShape)create.Invoke(null, new object[] { _train.Schema })!);
            var actual = _model.Transform(_test).Schema;
            var fitted = _model.GetOutputSchema(_train.Schema);
            var expected = new (string Name, DataViewType Type)[]
            {
                // OnnxTransformer keeps the graph output's per-row shape [1, K]: 3 slots, as dimensions 1 × 3.
                ("Species.Score", new VectorDataViewType(NumberDataViewType.Single, 1, 3)),
                ("Species.PredictedLabel", new KeyDataViewType(typeof(uint), 3)),
                ("Sex.Score", NumberDataViewType.Single),
                ("Sex.Probability", NumberDataViewType.Single),
                ("Sex.PredictedLabel", BooleanDataViewType.Instance),
                ("BodyMass.Score", NumberDataViewType.Single),
            };
            foreach (var (name, type) in expected)
            {
                // Types compare exactly: item type, vector size, key count.
                Assert.AreEqual(type, actual[name].Type, name);
                Assert.AreEqual(type, fitted[name].Type, name);
                Assert.AreEqual(type is KeyDataViewType, actual[name].HasKeyValues(), name);

                // A SchemaShape has no vector sizes or key counts (the estimator cannot know the classes before Fit); the rest must match.
                var column = shape.Single(c => c.Name == name);
                var item = type is VectorDataViewType vector ? vector.ItemType : type;
                Assert.AreEqual(type is VectorDataViewType ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.Scalar, column.Kind, name);
                Assert.AreEqual(item is KeyDataViewType, column.IsKey, name);
                Assert.AreEqual(item.RawType, column.ItemType.RawType, name);
                if (!(item is KeyDataViewType))
                {
                    Assert.AreEqual(item, column.ItemType, name);
                }
                Assert.AreEqual(item is KeyDataViewType, column.Annotations.Any(a => a.Name == "KeyValues"), name);
            }
        }

        [TestMethod]
        public void StandaloneOnnxExportIsAValidGraph()
        {
            using var stream = new MemoryStream();
            _model.LastTransformer.ExportOnnx(stream);
            var featureCount = _model.Transform(_test).GetColumn<float[]>("Features").First().Length;
            string path = Path.Combine(Path.GetTempPath(), $"multitask-export-{Guid.NewGuid():N}.onnx");
            File.WriteAllBytes(path, stream.ToArray());
            try
            {
                using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
                CollectionAssert.AreEquivalent(
                    new[] { "Species.Score", "Species.PredictedLabel", "Sex.Score", "Sex.Probability", "Sex.PredictedLabel", "BodyMass.Score" },
                    session.OutputMetadata.Keys.ToArray());
                Assert.AreEqual(featureCount, session.InputMetadata["Features"].Dimensions[1]);
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static void AssertClose(double expected, double actual)
            => Assert.AreEqual(expected, actual, 1e-5 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");

        public sealed class PenguinPrediction
        {
            [ColumnName("Sex.Probability")]
            public float SexProbability { get; set; }

            [ColumnName("BodyMass.Score")]
            public float BodyMass { get; set; }

            /// <summary>A key, as ML.NET's multiclass PredictedLabel: 1-based index into the class names.</summary>
            [ColumnName("Species.PredictedLabel")]
            public uint SpeciesKey { get; set; }
        }
    }
}
