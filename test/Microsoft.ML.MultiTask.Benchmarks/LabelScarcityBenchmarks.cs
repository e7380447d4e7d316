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
    /// Section 12: Income labels kept on a few training rows (NeverMarried on all): does a second task, or a model first
    /// trained on it, make up for scarce labels? Income test AUC of four ways to learn it, over seeds.
    /// </summary>
    public sealed class LabelScarcityBenchmarks
    {
        private const string ScarceLabel = "IncomeLabel";
        private readonly MLContext _ml = new MLContext(seed: 1);
        private readonly BenchmarkSettings _settings;
        private readonly TextWriter _log;

        public LabelScarcityBenchmarks(BenchmarkSettings settings, TextWriter log)
        {
            _settings = settings;
            _log = log;
        }

        public void Report(BenchmarkReport report, CensusBenchmarks census)
        {
            report.Heading(LabelScarcity);
            var rows = Rows(census.Train);
            var test = _ml.Transforms.Conversion.ConvertType(ScarceLabel, "Income", DataKind.Single).Fit(census.Test).Transform(census.Test);
            int width = rows[0].Features.Length;
            report.Paragraph($"Census income, {rows.Count} training rows: Income keeps its label on a share of them (drawn per seed), NeverMarried on all. " +
                "Income test AUC (mean ± sd over seeds " + string.Join(", ", _settings.Seeds) + ") of (a) a single-task net on the same rows (the unlabelled ones are masked), " +
                "(b) LightGBM on the labelled rows, (c) the multi-task net (Income + NeverMarried), (d) a net warm-started from a NeverMarried-only net " +
                "(`Options.InitialWeights`, NeverMarried first, Income added; nothing frozen). Every net has the library's defaults.");
            var pretrained = _settings.Seeds.ToDictionary(seed => seed, seed =>
            {
                _log.WriteLine($"  label scarcity: NeverMarried-only net, seed {seed}");
                return _ml.MultiTask().Trainers.MultiTask(_settings.DefaultNetwork(seed, TaskDefinition.Binary("NeverMarried"))).Fit(Load(rows, width, _ => true));
            });
            var table = new List<string[]>();
            foreach (double share in _settings.LabelShares)
            {
                var figures = new List<double>[4].Select(_ => new List<double>()).ToArray();
                foreach (int seed in _settings.Seeds)
                {
                    var random = new Random((seed * 7_919) + (int)(share * 1_000));
                    var labelled = rows.Select(_ => random.NextDouble() < share).ToArray();
                    var data = Load(rows, width, i => labelled[i]);
                    figures[0].Add(NetworkAuc(_settings.DefaultNetwork(seed, TaskDefinition.Binary("Income", ScarceLabel)), data, test));
                    figures[1].Add(LightGbmAuc(data, test));
                    figures[2].Add(NetworkAuc(_settings.DefaultNetwork(seed, TaskDefinition.Binary("Income", ScarceLabel), TaskDefinition.Binary("NeverMarried")), data, test));
                    var warm = _settings.DefaultNetwork(seed, TaskDefinition.Binary("NeverMarried"), TaskDefinition.Binary("Income", ScarceLabel));
                    warm.InitialWeights = InitialWeights.FromModel(pretrained[seed]);
                    figures[3].Add(NetworkAuc(warm, data, test));
                    _log.WriteLine($"  label scarcity {share:P0}, seed {seed}: " + string.Join(", ", figures.Select(f => F(f[^1]))));
                }
                table.Add(new[] { F(share * 100, "0.#") + " %", F(share * rows.Count, "0") }.Concat(figures.Select(f => MeanSpread(f))).ToArray());
            }
            foreach (var model in pretrained.Values)
            {
                model.Dispose();
            }
            report.Table(new[] { "Income labels", "Labelled rows", "(a) single-task net", "(b) LightGBM", "(c) multi-task net", "(d) warm start from NeverMarried" }, table);
        }

        private double NetworkAuc(MultiTaskTrainer.Options options, IDataView train, IDataView test)
        {
            using var model = _ml.MultiTask().Trainers.MultiTask(options).Fit(train);
            return _ml.MultiTask().Evaluate(model.Transform(test), model)["Income"].Binary!.AreaUnderRocCurve;
        }

        private double LightGbmAuc(IDataView train, IDataView test)
        {
            var labelled = _ml.Data.FilterRowsByMissingValues(train, ScarceLabel);
            var model = _ml.Transforms.Expression("Label", "x => x > 0.5", ScarceLabel).Append(_ml.BinaryClassification.Trainers.LightGbm()).Fit(labelled);
            var scored = _ml.Transforms.Expression("Label", "x => x > 0.5", ScarceLabel).Fit(test).Transform(test);
            return _ml.BinaryClassification.Evaluate(((ITransformer)model.LastTransformer).Transform(scored)).AreaUnderRocCurve;
        }

        private static List<Row> Rows(IDataView featurized)
        {
            var rows = new List<Row>();
            using var cursor = featurized.GetRowCursor(featurized.Schema.Where(c => c.Name is "Features" or "Income" or "NeverMarried"));
            var features = cursor.GetGetter<VBuffer<float>>(featurized.Schema["Features"]);
            var income = cursor.GetGetter<bool>(featurized.Schema["Income"]);
            var neverMarried = cursor.GetGetter<bool>(featurized.Schema["NeverMarried"]);
            VBuffer<float> vector = default;
            bool a = false, b = false;
            while (cursor.MoveNext())
            {
                features(ref vector);
                income(ref a);
                neverMarried(ref b);
                rows.Add(new Row { Features = vector.DenseValues().ToArray(), Income = a, NeverMarried = b });
            }
            return rows;
        }

        /// <summary>The rows with the Income label as 1/0 where <paramref name="keep"/> says so and NaN elsewhere.</summary>
        private IDataView Load(List<Row> rows, int width, Func<int, bool> keep)
        {
            var schema = SchemaDefinition.Create(typeof(ScarceRow));
            schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
            return _ml.Data.LoadFromEnumerable(rows.Select((r, i) => new ScarceRow { Features = r.Features, IncomeLabel = keep(i) ? (r.Income ? 1 : 0) : float.NaN, NeverMarried = r.NeverMarried }), schema);
        }

        private sealed class Row
        {
            public float[] Features { get; set; } = Array.Empty<float>();

            public bool Income { get; set; }

            public bool NeverMarried { get; set; }
        }

        private sealed class ScarceRow
        {
            public float[] Features { get; set; } = Array.Empty<float>();

            public float IncomeLabel { get; set; }

            public bool NeverMarried { get; set; }
        }
    }
}
