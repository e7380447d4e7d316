using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Samples;
using Microsoft.ML.MultiTask.WebApi;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Deployment
{
    [TestClass]
    public sealed class ZipScoringTests
    {
        private static readonly string[] LibtorchFiles = { "libtorch.so", "libtorch_cpu.so", "libc10.so" };

        [TestMethod]
        public void TheOutputFolderHasNoLibtorch()
        {
            var files = Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
            foreach (var name in LibtorchFiles)
            {
                Assert.DoesNotContain(name, files, $"{name} must not be deployed with a scoring application");
            }
            Assert.IsTrue(files.Any(f => f!.StartsWith("libonnxruntime", StringComparison.Ordinal)), "ONNX Runtime is what scores");
        }

        [TestMethod]
        public void LoadModelScoresExactlyLikeTheTrainingProcess()
        {
            var ml = new MLContext();
            var model = ml.MultiTask().LoadModel(DeploymentFixture.PathOf(DeploymentFiles.Zip), out var inputSchema);
            Assert.IsNotNull(inputSchema.GetColumnOrNull("Island"));
            AssertMatchesExpected(model.Transform(ml.Data.LoadFromEnumerable(PenguinsData.Load(DeploymentFixture.PenguinsCsv))));

            // The plain ML.NET route gives the same answers (this test assembly references the library).
            var plain = new MLContext().Model.Load(DeploymentFixture.PathOf(DeploymentFiles.Zip), out _);
            AssertMatchesExpected(plain.Transform(ml.Data.LoadFromEnumerable(PenguinsData.Load(DeploymentFixture.PenguinsCsv))));
            if (OperatingSystem.IsLinux())
            {
                StringAssert.DoesNotMatch(File.ReadAllText("/proc/self/maps"), new System.Text.RegularExpressions.Regex("libtorch"), "scoring must not load libtorch");
            }
        }

        [TestMethod]
        public void TaskDefinitionsReadFromTheZipEvaluateTheLoadedModel()
        {
            var ml = new MLContext();
            var tasks = ml.MultiTask().ReadTaskDefinitions(DeploymentFixture.PathOf(DeploymentFiles.Zip));
            CollectionAssert.AreEqual(new[] { "Species", "Sex", "BodyMass" }, tasks.Select(t => t.Name).ToArray());
            CollectionAssert.AreEqual(new[] { TaskKind.Multiclass, TaskKind.Binary, TaskKind.Regression }, tasks.Select(t => t.Kind).ToArray());
            var model = ml.MultiTask().LoadModel(DeploymentFixture.PathOf(DeploymentFiles.Zip), out _);
            var metrics = ml.MultiTask().Evaluate(model.Transform(ml.Data.LoadFromEnumerable(PenguinsData.Load(DeploymentFixture.PenguinsCsv))), tasks);
            Assert.IsGreaterThan(0.9, metrics["Species"].Multiclass!.MicroAccuracy);
            Assert.AreEqual(PenguinsData.Load(DeploymentFixture.PenguinsCsv).Count(p => !float.IsNaN(p.Sex)), metrics["Sex"].LabelledRowCount);
        }

        [TestMethod]
        public void OnePredictionEnginePerThreadGivesTheSameAnswers()
        {
            var ml = new MLContext();
            var model = ml.MultiTask().LoadModel(DeploymentFixture.PathOf(DeploymentFiles.Zip), out _);
            var penguins = PenguinsData.Load(DeploymentFixture.PenguinsCsv);
            var expected = ExpectedPrediction.Read(DeploymentFixture.PathOf(DeploymentFiles.Expected));
            using var engines = new System.Threading.ThreadLocal<PredictionEngine<PenguinInput, PenguinOutput>>(
                () => ml.Model.CreatePredictionEngine<PenguinInput, PenguinOutput>(model));
            Parallel.For(0, penguins.Count * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                var p = penguins[i % penguins.Count];
                var output = engines.Value!.Predict(new PenguinInput { Island = p.Island, BillLength = p.BillLength, BillDepth = p.BillDepth, FlipperLength = p.FlipperLength });
                var e = expected[i % penguins.Count];
                Assert.AreEqual(e.SexProbability, output.MaleProbability);
                Assert.AreEqual(e.BodyMass, output.BodyMassGrams);
                Assert.AreEqual(e.SpeciesKey, output.SpeciesKey);
                CollectionAssert.AreEqual(e.SpeciesScore, output.SpeciesScores);
            });
        }

        [TestMethod]
        public void LoadModelScoresInBatchesWithThePlainLoadsValuesAndStillSaves()
        {
            var ml = new MLContext();
            var data = ml.Data.LoadFromEnumerable(Enumerable.Repeat(PenguinsData.Load(DeploymentFixture.PenguinsCsv), 3).SelectMany(p => p).ToList());
            using var batched = (IDisposable)ml.MultiTask().LoadModel(DeploymentFixture.PathOf(DeploymentFiles.Zip), out var schema);
            var plain = ml.Model.Load(DeploymentFixture.PathOf(DeploymentFiles.Zip), out _);
            Assert.AreNotEqual(plain.GetType(), batched.GetType(), "LoadModel wraps the loaded chain with the batched scorer");
            var expected = plain.Transform(data);
            var actual = ((ITransformer)batched).Transform(data);
            foreach (var column in new[] { "Sex.Score", "Sex.Probability", "BodyMass.Score" })
            {
                CollectionAssert.AreEqual(expected.GetColumn<float>(column).ToArray(), actual.GetColumn<float>(column).ToArray(), column);
            }
            CollectionAssert.AreEqual(expected.GetColumn<uint>("Species.PredictedLabel").ToArray(), actual.GetColumn<uint>("Species.PredictedLabel").ToArray());
            CollectionAssert.AreEqual(expected.GetColumn<float[]>("Species.Score").SelectMany(v => v).ToArray(), actual.GetColumn<float[]>("Species.Score").SelectMany(v => v).ToArray());

            string resaved = Path.Combine(Path.GetTempPath(), $"multitask-resaved-{Guid.NewGuid():N}.zip");
            try
            {
                ml.Model.Save((ITransformer)batched, schema, resaved);
                var again = ml.MultiTask().LoadModel(resaved, out _);
                CollectionAssert.AreEqual(expected.GetColumn<float>("BodyMass.Score").ToArray(), again.Transform(data).GetColumn<float>("BodyMass.Score").ToArray());
            }
            finally
            {
                File.Delete(resaved);
            }
        }

        [TestMethod]
        public void LoadModelFromANonSeekableStreamScoresLikeThePathOverload()
        {
            var ml = new MLContext();
            var data = ml.Data.LoadFromEnumerable(PenguinsData.Load(DeploymentFixture.PenguinsCsv));
            var fromPath = ml.MultiTask().LoadModel(DeploymentFixture.PathOf(DeploymentFiles.Zip), out var pathSchema);
            ITransformer fromStream;
            DataViewSchema streamSchema;
            using (var file = File.OpenRead(DeploymentFixture.PathOf(DeploymentFiles.Zip)))
            using (var forwardOnly = new ForwardOnlyStream(file))
            {
                Assert.IsFalse(forwardOnly.CanSeek);
                fromStream = ml.MultiTask().LoadModel(forwardOnly, out streamSchema);
            }
            Assert.AreEqual(fromPath.GetType(), fromStream.GetType(), "both are the batched wrapper");
            CollectionAssert.AreEqual(pathSchema.Select(c => $"{c.Name}:{c.Type}").ToArray(), streamSchema.Select(c => $"{c.Name}:{c.Type}").ToArray());
            AssertMatchesExpected(fromStream.Transform(data));
            var expected = fromPath.Transform(data);
            var actual = fromStream.Transform(data);
            CollectionAssert.AreEqual(expected.GetColumn<float[]>("Species.Score").SelectMany(v => v).ToArray(), actual.GetColumn<float[]>("Species.Score").SelectMany(v => v).ToArray());
            CollectionAssert.AreEqual(expected.GetColumn<float>("Sex.Probability").ToArray(), actual.GetColumn<float>("Sex.Probability").ToArray());
            ((IDisposable)fromPath).Dispose();
            ((IDisposable)fromStream).Dispose();
        }

        [TestMethod]
        public void ExportOnnxFromTheZipGivesTheGraphTheTrainingProcessExported()
        {
            using var exported = new MemoryStream();
            new MLContext().MultiTask().ExportOnnx(DeploymentFixture.PathOf(DeploymentFiles.Zip), exported);
            CollectionAssert.AreEqual(File.ReadAllBytes(DeploymentFixture.PathOf(DeploymentFiles.Onnx)), exported.ToArray());
            var error = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().MultiTask().ExportOnnx(DeploymentFixture.PathOf(DeploymentFiles.Expected), new MemoryStream()));
            StringAssert.Contains(error.Message, "is not an ML.NET model zip");
        }

        [TestMethod]
        public void ExportedOnnxRunsInOnnxRuntimeInBatchesOf64()
        {
            var expected = ExpectedPrediction.Read(DeploymentFixture.PathOf(DeploymentFiles.Expected));
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(DeploymentFixture.PathOf(DeploymentFiles.Onnx));
            int width = expected[0].Features.Length;
            var batch = expected.Take(64).ToArray();
            var input = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(batch.SelectMany(e => e.Features).ToArray(), new[] { 64, width });
            using var results = session.Run(new[] { Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("Features", input) });
            var outputs = results.ToDictionary(r => r.Name);
            var species = outputs["Species.Score"].AsTensor<float>();
            var speciesLabel = outputs["Species.PredictedLabel"].AsTensor<string>();
            var sex = outputs["Sex.Probability"].AsTensor<float>();
            var sexLabel = outputs["Sex.PredictedLabel"].AsTensor<bool>();
            var mass = outputs["BodyMass.Score"].AsTensor<float>();
            var classes = ClassNames();
            for (int i = 0; i < 64; i++)
            {
                AssertClose(batch[i].SexProbability, sex[i, 0]);
                AssertClose(batch[i].BodyMass, mass[i, 0]);
                Assert.AreEqual(batch[i].SexLabel, sexLabel[i, 0]);
                Assert.AreEqual(classes[batch[i].SpeciesKey - 1], speciesLabel[i, 0]);
                for (int k = 0; k < classes.Length; k++)
                {
                    AssertClose(batch[i].SpeciesScore[k], species[i, k]);
                }
            }
        }

        internal static string[] ClassNames()
        {
            var ml = new MLContext();
            var model = ml.MultiTask().LoadModel(DeploymentFixture.PathOf(DeploymentFiles.Zip), out var schema);
            VBuffer<ReadOnlyMemory<char>> names = default;
            model.GetOutputSchema(schema)["Species.PredictedLabel"].GetKeyValues(ref names);
            return names.DenseValues().Select(n => n.ToString()).ToArray();
        }

        internal static void AssertMatchesExpected(IDataView scored)
        {
            var expected = ExpectedPrediction.Read(DeploymentFixture.PathOf(DeploymentFiles.Expected));
            CollectionAssert.AreEqual(expected.Select(e => e.SexScore).ToArray(), scored.GetColumn<float>("Sex.Score").ToArray());
            CollectionAssert.AreEqual(expected.Select(e => e.SexProbability).ToArray(), scored.GetColumn<float>("Sex.Probability").ToArray());
            CollectionAssert.AreEqual(expected.Select(e => e.SexLabel).ToArray(), scored.GetColumn<bool>("Sex.PredictedLabel").ToArray());
            CollectionAssert.AreEqual(expected.Select(e => e.BodyMass).ToArray(), scored.GetColumn<float>("BodyMass.Score").ToArray());
            CollectionAssert.AreEqual(expected.Select(e => e.SpeciesKey).ToArray(), scored.GetColumn<uint>("Species.PredictedLabel").ToArray());
            CollectionAssert.AreEqual(expected.SelectMany(e => e.SpeciesScore).ToArray(), scored.GetColumn<float[]>("Species.Score").SelectMany(s => s).ToArray());
        }

        private static void AssertClose(float expected, float actual)
            => Assert.AreEqual(expected, actual, 1e-5 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");

        /// <summary>A stream that can only be read forward, as a network or decompression stream.</summary>
        private sealed class ForwardOnlyStream : Stream
        {
            private readonly Stream _inner;

            public ForwardOnlyStream(Stream inner) => _inner = inner;

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => throw new NotSupportedException();
                set => throw new NotSupportedException();
            }

            public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override void Flush()
            {
            }
        }
    }
}
