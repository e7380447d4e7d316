using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Samples;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Deployment
{
    [TestClass]
    public sealed class BadModelTests
    {
        private static string TempFile(byte[] content)
        {
            string path = Path.Combine(DeploymentFixture.Folder, $"bad-{Guid.NewGuid():N}.zip");
            File.WriteAllBytes(path, content);
            return path;
        }

        [TestMethod]
        public void MissingFile()
        {
            var error = Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext().MultiTask().LoadModel("no-such-model.zip", out _));
            StringAssert.Contains(error.Message, "'no-such-model.zip' does not exist");
        }

        [TestMethod]
        public void FileThatIsNotAZip()
        {
            string path = TempFile(System.Text.Encoding.UTF8.GetBytes("species,island\nAdelie,Dream\n"));
            var error = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().MultiTask().LoadModel(path, out _));
            StringAssert.Contains(error.Message, "is not an ML.NET model zip");
            StringAssert.Contains(error.Message, Path.GetFileName(path));
        }

        [TestMethod]
        public void TruncatedZip()
        {
            var bytes = File.ReadAllBytes(DeploymentFixture.PathOf(DeploymentFiles.Zip));
            string path = TempFile(bytes.Take(bytes.Length / 2).ToArray());
            var error = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().MultiTask().LoadModel(path, out _));
            StringAssert.Contains(error.Message, Path.GetFileName(path));
        }

        [TestMethod]
        public void ForeignModelZip()
        {
            var ml = new MLContext();
            var data = ml.Data.LoadFromEnumerable(PenguinsData.Load(DeploymentFixture.PenguinsCsv));
            var plain = ml.Transforms.NormalizeMinMax(nameof(Penguin.BillLength)).Fit(data);
            string path = Path.Combine(DeploymentFixture.Folder, "plain-model.zip");
            ml.Model.Save(plain, data.Schema, path);
            var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.MultiTask().LoadModel(path, out _));
            StringAssert.Contains(error.Message, "without a multi-task model");
        }

        [TestMethod]
        public void ScoringDataWithoutAnInputColumn()
        {
            var ml = new MLContext();
            var model = ml.MultiTask().LoadModel(DeploymentFixture.PathOf(DeploymentFiles.Zip), out _);
            var noIsland = ml.Data.LoadFromEnumerable(new[] { new { BillLength = 40f, BillDepth = 18f, FlipperLength = 190f } });
            var error = Assert.Throws<Exception>(() => model.Transform(noIsland).Preview());
            StringAssert.Contains(error.Message, "Island");
        }

        [TestMethod]
        public void ScoringDataWithTheWrongFeatureVectorSize()
        {
            var ml = new MLContext();
            var model = ml.MultiTask().LoadModel(DeploymentFixture.PathOf(DeploymentFiles.BareZip), out var schema);
            int width = ((VectorDataViewType)schema["Features"].Type).Size;
            var definition = SchemaDefinition.Create(typeof(FeatureRow));
            definition[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width - 1);
            var data = ml.Data.LoadFromEnumerable(new[] { new FeatureRow { Features = new float[width - 1] } }, definition);
            // At Transform and GetOutputSchema, before any row is read, with both sizes.
            string message = $"Feature column 'Features' has {width - 1} slots; the model was trained on {width}. Build the features as for training (the same columns, categories and order).";
            StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Transform(data)).Message, message);
            StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.GetOutputSchema(data.Schema)).Message, message);
        }

        [TestMethod]
        public void ScoringNonFiniteFeaturesWithAModelThatDoesNotReplaceThem()
        {
            var ml = new MLContext();
            var model = ml.MultiTask().LoadModel(DeploymentFixture.PathOf(DeploymentFiles.BareZip), out var schema);
            int width = ((VectorDataViewType)schema["Features"].Type).Size;
            var definition = SchemaDefinition.Create(typeof(FeatureRow));
            definition[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
            var rows = Enumerable.Range(0, 3).Select(_ => new FeatureRow { Features = new float[width] }).ToArray();
            rows[1].Features[width - 1] = float.NaN;
            var data = ml.Data.LoadFromEnumerable(rows, definition);
            var error = Assert.Throws<Exception>(() => model.Transform(data).GetColumn<float>("BodyMass.Score").ToArray());
            while (error.InnerException != null && !error.Message.StartsWith("Feature column", StringComparison.Ordinal))
            {
                error = error.InnerException;
            }
            Assert.IsInstanceOfType<InvalidOperationException>(error);
            StringAssert.StartsWith(error.Message, $"Feature column 'Features' has a non-finite value (NaN) at row 1, slot {width - 1}. The model was trained with Options.ReplaceNonFiniteFeatures = false");

            // The plain load scores row by row through OnnxTransformer and cannot check: the row scores NaN.
            var plain = ml.Model.Load(DeploymentFixture.PathOf(DeploymentFiles.BareZip), out _).Transform(data).GetColumn<float>("BodyMass.Score").ToArray();
            Assert.IsTrue(float.IsNaN(plain[1]));
            Assert.IsTrue(float.IsFinite(plain[0]));
        }

        public sealed class FeatureRow
        {
            public float[] Features { get; set; } = Array.Empty<float>();
        }
    }
}
