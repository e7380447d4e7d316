using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Samples
{
    /// <summary>
    /// Census-Income (KDD) in the MMoE paper's setup: tasks <c>Income</c> (income_50k = "50000+.") and
    /// <c>NeverMarried</c> (marital_stat = "Never married"); every other column but the survey weight is a
    /// feature (codes as categories). Split with ML.NET's TrainTestSplit, seed 1: 50% train, 25%
    /// validation, 25% test.
    /// </summary>
    public sealed class CensusData : IDisposable
    {
        public static readonly string[] Numeric = { "age", "wage_per_hour", "capital_gains", "capital_losses", "stock_dividends", "num_emp", "weeks_worked" };

        /// <summary>The label columns the tasks are named after.</summary>
        public static readonly string[] Tasks = { "Income", "NeverMarried" };

        private static readonly string[] Excluded = { "instance_weight", "income_50k", "marital_stat" };

        private readonly string _csv;

        private CensusData(string csv, IDataView train, IDataView validation, IDataView test, IEstimator<ITransformer> featurize)
        {
            _csv = csv;
            Train = train;
            Validation = validation;
            Test = test;
            Featurize = featurize;
        }

        public IDataView Train { get; }

        public IDataView Validation { get; }

        public IDataView Test { get; }

        /// <summary>One-hot encoding of the categorical columns, then a "Features" vector with the numeric ones.</summary>
        public IEstimator<ITransformer> Featurize { get; }

        /// <summary>Deletes the decompressed CSV the data views read from.</summary>
        public void Dispose() => File.Delete(_csv);

        /// <summary>Reads the gzipped CSV (decompressed to a temporary file until <see cref="Dispose"/>); <paramref name="maxRows"/> keeps the first rows.</summary>
        public static CensusData Load(MLContext ml, string gzPath, int? maxRows = null)
        {
            string csv = Path.Combine(Path.GetTempPath(), $"census-income-{Guid.NewGuid():N}.csv");
            {
                using (var input = new GZipStream(File.OpenRead(gzPath), CompressionMode.Decompress))
                using (var output = File.Create(csv))
                {
                    input.CopyTo(output);
                }
                string[] header = File.ReadLines(csv).First().Split(',');
                var columns = header.Select((name, i) => new TextLoader.Column(name, Numeric.Contains(name) ? DataKind.Single : DataKind.String, i)).ToArray();
                IDataView raw = ml.Data.LoadFromTextFile(csv, columns, separatorChar: ',', hasHeader: true);
                if (maxRows.HasValue)
                {
                    raw = ml.Data.TakeRows(raw, maxRows.Value);
                }
                // Labels are derived before the model pipeline: scoring never needs them.
                var labelled = ml.Transforms.Expression("Income", "x => x == \"50000+.\"", "income_50k")
                    .Append(ml.Transforms.Expression("NeverMarried", "x => x == \"Never married\"", "marital_stat"))
                    .Fit(raw).Transform(raw);
                var cached = ml.Data.Cache(labelled);
                var first = ml.Data.TrainTestSplit(cached, testFraction: 0.5, seed: 1);
                var second = ml.Data.TrainTestSplit(first.TestSet, testFraction: 0.5, seed: 1);
                string[] categorical = header.Except(Numeric).Except(Excluded).ToArray();
                var featurize = ml.Transforms.Categorical.OneHotEncoding(categorical.Select(c => new InputOutputColumnPair(c + ".OneHot", c)).ToArray())
                    .Append(ml.Transforms.Concatenate("Features", categorical.Select(c => c + ".OneHot").Concat(Numeric).ToArray()));
                return new CensusData(csv, first.TrainSet, second.TrainSet, second.TestSet, featurize);
            }
        }
    }
}
