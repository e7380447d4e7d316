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
            var error = Assert.Throws<Exception>(() => model.Transform(data).Preview());
            StringAssert.Contains(error.Message, "Features");
            StringAssert.Contains(error.Message, (width - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        public sealed class FeatureRow
        {
            public float[] Features { get; set; } = Array.Empty<float>();
        }
    }
}
