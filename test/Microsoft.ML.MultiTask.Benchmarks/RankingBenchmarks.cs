using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using static Microsoft.ML.MultiTask.Benchmarks.BenchmarkReport;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>
    /// A ranking task beside an auxiliary click task, on synthetic queries (no learning-to-rank sample ships with the
    /// repository), against a ranking-only net and ML.NET's LightGbmRanking.
    /// </summary>
    public sealed class RankingBenchmarks
    {
        private const int TrainQueries = 300;
        private const int TestQueries = 150;
        private const int FeatureCount = 10;

        private readonly MLContext _ml = new MLContext(seed: 1);
        private readonly BenchmarkSettings _settings;
        private readonly TextWriter _log;

        public RankingBenchmarks(BenchmarkSettings settings, TextWriter log)
        {
            _settings = settings;
            _log = log;
        }

        public sealed class Document
        {
            [VectorType(FeatureCount)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public string Query { get; set; } = string.Empty;

            public float Relevance { get; set; }

            public bool Clicked { get; set; }
        }

        /// <summary>
        /// Queries of 5 to 30 documents with 10 features; a latent relevance x0 + x1·x2/2 + sin(2·x3)/2 + noise sets the grade
        /// (0–4) and, with more noise, a click. Rows of a query are contiguous, as LightGbmRanking needs.
        /// </summary>
        public static List<Document> Queries(int first, int count, int seed)
        {
            var random = new Random(seed);
            var rows = new List<Document>();
            for (int q = first; q < first + count; q++)
            {
                int documents = random.Next(5, 31);
                for (int d = 0; d < documents; d++)
                {
                    var x = Enumerable.Range(0, FeatureCount).Select(_ => random.NextNormalSingle()).ToArray();
                    float latent = x[0] + (0.5f * x[1] * x[2]) + (0.5f * MathF.Sin(2 * x[3]));
                    rows.Add(new Document
                    {
                        Features = x,
                        Query = "q" + q,
                        Relevance = Math.Clamp(MathF.Round(1.5f + latent + (0.5f * random.NextNormalSingle())), 0, 4),
                        Clicked = latent + random.NextNormalSingle() > 1,
                    });
                }
            }
            return rows;
        }

        public void Report(BenchmarkReport report)
        {
            var testRows = Queries(TrainQueries, TestQueries, seed: 12);
            var train = _ml.Data.LoadFromEnumerable(Queries(0, TrainQueries, seed: 11));
            var test = _ml.Data.LoadFromEnumerable(testRows);
            var rows = new List<string[]>();
            foreach (bool auxiliary in new[] { true, false })
            {
                _log.WriteLine($"task kinds: ranking{(auxiliary ? " + clicks" : string.Empty)}");
                var fits = _settings.Seeds.Select(seed => FitNetwork(train, test, testRows, seed, auxiliary)).ToList();
                rows.Add(new[] { auxiliary ? "Multi-task net: ranking + click task" : "Net: ranking task only" }
                    .Concat(Enumerable.Range(0, 3).Select(k => MeanSpread(fits.Select(f => f.Ndcg[k]).ToList())))
                    .Append(F(fits.Average(f => f.Seconds), "0.0") + " s").ToArray());
            }
            _log.WriteLine("task kinds: LightGbmRanking");
            var pipeline = _ml.Transforms.Conversion.MapValueToKey("QueryKey", nameof(Document.Query))
                .Append(_ml.Ranking.Trainers.LightGbm(labelColumnName: nameof(Document.Relevance), rowGroupColumnName: "QueryKey"));
            var (model, cost) = Measurement.Of(() => pipeline.Fit(train));
            var trees = Ndcg(testRows, model.Transform(test).GetColumn<float>("Score").ToArray());
            rows.Add(new[] { "LightGbmRanking", F(trees[0]), F(trees[1]), F(trees[2]), F(cost.Elapsed.TotalSeconds, "0.0") + " s" });
            report.Paragraph($"**Ranking** — synthetic queries (no learning-to-rank sample ships with the repository): {TrainQueries} training and {TestQueries} test queries of 5 to 30 documents, " +
                $"{FeatureCount} features; the grade (0–4) and a click both follow a non-linear latent relevance, the click with more noise. NDCG from ML.NET's ranking evaluator with gains 2^grade − 1, the same for every model; " +
                $"the nets have the library's defaults, seeds {string.Join(", ", _settings.Seeds)} (mean ± standard deviation).");
            report.Table(new[] { "Model", "NDCG@1", "NDCG@3", "NDCG@10", "Fit time" }, rows);
        }

        private (double[] Ndcg, double Seconds) FitNetwork(IDataView train, IDataView test, List<Document> testRows, int seed, bool auxiliary)
        {
            var ranking = TaskDefinition.Ranking("Rank", nameof(Document.Query), nameof(Document.Relevance));
            var options = auxiliary ? _settings.DefaultNetwork(seed, ranking, TaskDefinition.Binary(nameof(Document.Clicked))) : _settings.DefaultNetwork(seed, ranking);
            var (model, cost) = Measurement.Of(() => _ml.MultiTask().Trainers.MultiTask(options).Fit(train));
            using (model)
            {
                return (Ndcg(testRows, model.Transform(test).GetColumn<float>("Rank.Score").ToArray()), cost.Elapsed.TotalSeconds);
            }
        }

        /// <summary>NDCG at 1, 3 and 10 of the test queries under the given scores, every model through the one evaluator.</summary>
        private double[] Ndcg(List<Document> rows, float[] scores)
        {
            var queries = rows.Select(r => r.Query).Distinct().Select((q, i) => (q, i)).ToDictionary(p => p.q, p => p.i);
            var ndcg = Evaluation.RankingEvaluationRow.Evaluate(_ml, rows.Select((r, i) => (r.Relevance, queries[r.Query], scores[i])).ToList(), queries.Count, "Rank")
                .NormalizedDiscountedCumulativeGains;
            return new[] { ndcg[0], ndcg[2], ndcg[9] };
        }
    }
}
