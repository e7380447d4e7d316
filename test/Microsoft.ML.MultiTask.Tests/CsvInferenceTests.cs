using System;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class CsvInferenceTests
    {
        private static readonly MLContext Ml = new MLContext(seed: 1);

        private static string Write(string content)
        {
            string path = Path.Combine(Path.GetTempPath(), $"multitask-csv-{Guid.NewGuid():N}.csv");
            File.WriteAllText(path, content);
            return path;
        }

        [TestMethod]
        public void AHeaderQuotesMissingMarkersAndTypesAreInferredAndLoad()
        {
            string path = Write(
                "Age,Member,City,Review,Churn\n" +
                "34,true,Oslo,\"Fast, friendly\",0\n" +
                "NA,false,\"Lima\",\"Two lines:\nstill one review\",1\n" +
                ",TRUE,Pune,\"He said \"\"fine\"\"\",\n" +
                "51.5,False,Oslo,ok,1\n");
            try
            {
                var csv = Ml.MultiTask().InferCsv(path);
                Assert.AreEqual(',', csv.Separator);
                Assert.IsTrue(csv.HasHeader);
                CollectionAssert.AreEqual(new[] { "Age", "Member", "City", "Review", "Churn" }, csv.Columns.Select(c => c.Name).ToArray());
                CollectionAssert.AreEqual(new[] { DataKind.Single, DataKind.Boolean, DataKind.String, DataKind.String, DataKind.Single }, csv.Columns.Select(c => c.DataKind).ToArray());

                var data = csv.Load(Ml);
                CollectionAssert.AreEqual(new[] { 34f, float.NaN, float.NaN, 51.5f }, data.GetColumn<float>("Age").ToArray(), "NA and an empty number read as NaN");
                CollectionAssert.AreEqual(new[] { 0f, 1f, float.NaN, 1f }, data.GetColumn<float>("Churn").ToArray(), "a missing label stays missing, not 0");
                CollectionAssert.AreEqual(new[] { "Fast, friendly", "Two lines:\nstill one review", "He said \"fine\"", "ok" }, data.GetColumn<string>("Review").ToArray());
                CollectionAssert.AreEqual(new[] { true, false, true, false }, data.GetColumn<bool>("Member").ToArray());
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void ASemicolonFileOfNumbersHasNoHeader()
        {
            string path = Write("1;2.5;3\n4;5;6\n7;8;9\n");
            try
            {
                var csv = Ml.MultiTask().InferCsv(path);
                Assert.AreEqual(';', csv.Separator);
                Assert.IsFalse(csv.HasHeader);
                CollectionAssert.AreEqual(new[] { "Column0", "Column1", "Column2" }, csv.Columns.Select(c => c.Name).ToArray());
                CollectionAssert.AreEqual(new[] { 2.5f, 5f, 8f }, csv.Load(Ml).GetColumn<float>("Column1").ToArray());
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void ACsvFeedsAutomaticFeaturization()
        {
            var rows = FeaturizationTests.Customers(200, seed: 73);
            string path = Write("Age,Children,City,Review,Churn\n" + string.Join("\n", rows.Select(r =>
                $"{(double.IsNaN(r.Age) ? "NA" : r.Age.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture))},{r.Children},{r.City},\"{r.Review}\",{(r.Churn ? 1 : 0)}")));
            try
            {
                var data = Ml.MultiTask().InferCsv(path).Load(Ml);
                var plan = Ml.MultiTask().Featurize(data, new[] { "Churn" });
                CollectionAssert.AreEqual(new[] { ColumnRole.Numeric, ColumnRole.Numeric, ColumnRole.Categorical, ColumnRole.Text, ColumnRole.Label }, plan.Columns.Select(c => c.Role).ToArray());
                Assert.AreEqual(200, plan.Estimator.Fit(data).Transform(data).GetColumn<float[]>("Features").Count());
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void BadFilesAreNamed()
        {
            Assert.ThrowsExactly<FileNotFoundException>(() => Ml.MultiTask().InferCsv("no-such-file.csv"));
            string ragged = Write("a,b,c\n1,2,3\n4,5\n");
            string empty = Write(string.Empty);
            try
            {
                StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Ml.MultiTask().InferCsv(ragged)).Message, "record 3 has 2 fields where the first has 3 (separator ',')");
                StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Ml.MultiTask().InferCsv(empty)).Message, "is empty");
            }
            finally
            {
                File.Delete(ragged);
                File.Delete(empty);
            }
        }
    }
}
