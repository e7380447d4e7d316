using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Scoring;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// The mean gate weights of a mixture-of-experts model (<see cref="MixtureOfExperts"/>,
    /// <see cref="ProgressiveLayeredExtraction"/>) over a data set: which experts each task uses. Two tasks that put
    /// their weight on the same experts share what those experts learned; tasks with disjoint experts are trained
    /// almost as separate models, a sign that they are weakly related. Get it from
    /// <see cref="MultiTaskTransformer.ExpertUtilization(IDataView)"/>.
    /// </summary>
    public sealed class ExpertUtilization
    {
        internal ExpertUtilization(IReadOnlyList<GateUtilization> gates, long rows)
        {
            Gates = gates;
            Rows = rows;
        }

        /// <summary>Every gate, in graph order (per level: the tasks' gates, then the shared one).</summary>
        public IReadOnlyList<GateUtilization> Gates { get; }

        /// <summary>The rows the means were taken over.</summary>
        public long Rows { get; }

        /// <summary>The gate of a task (at the last level, or the given one).</summary>
        /// <param name="gate">A task's name, or <c>"shared"</c>.</param>
        /// <param name="level">The level, from 1; null for the last level the gate has.</param>
        public GateUtilization this[string gate, int? level = null]
            => Gates.Where(g => g.Gate == gate && (level == null || g.Level == level)).OrderBy(g => g.Level).LastOrDefault()
               ?? throw new KeyNotFoundException($"No gate '{gate}'{(level == null ? string.Empty : $" at level {level}")}; the gates are {string.Join(", ", Gates.Select(g => $"{g.Gate} (level {g.Level})").Distinct())}.");

        /// <summary>One table per level: a row per gate, a column per expert, mean weights in percent.</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            foreach (var level in Gates.GroupBy(g => g.Level))
            {
                var experts = level.SelectMany(g => g.Experts).Distinct().ToArray();
                text.AppendLine(CultureInfo.InvariantCulture, $"Level {level.Key} ({Rows} rows): mean gate weight, %");
                text.AppendLine("| gate | " + string.Join(" | ", experts) + " |");
                text.AppendLine("|---|" + string.Concat(experts.Select(_ => "---:|")));
                foreach (var gate in level)
                {
                    var cells = experts.Select(e =>
                    {
                        int slot = gate.Experts.ToList().IndexOf(e);
                        return slot < 0 ? "" : (100 * gate.MeanWeights[slot]).ToString("0.0", CultureInfo.InvariantCulture);
                    });
                    text.AppendLine($"| {gate.Gate} | " + string.Join(" | ", cells) + " |");
                }
            }
            return text.ToString();
        }

        /// <summary>Runs the graph's gate outputs over every row of <paramref name="data"/> in batches and averages them.</summary>
        internal static ExpertUtilization Measure(byte[] graph, OnnxBatchScorer model, IReadOnlyList<GateOutput> gates, IDataView data)
        {
            string featureColumn = model.FeatureColumnName;
            int featureCount = model.FeatureCount;
            var column = Data.DataSetReader.GetFeatureColumn(data.Schema, featureColumn, "data to measure");
            using var scorer = new OnnxBatchScorer(graph, featureColumn, featureCount, gates.Select(g => g.OutputName).ToArray(), model.RejectsNonFiniteFeatures);
            var sums = gates.Select(g => new double[g.Experts.Count]).ToArray();
            var batch = new float[OnnxBatchScorer.BatchSize * featureCount];
            long rows = 0;
            int inBatch = 0;
            void Flush()
            {
                if (inBatch == 0)
                {
                    return;
                }
                var outputs = scorer.Score(batch, inBatch);
                for (int g = 0; g < gates.Count; g++)
                {
                    var weights = (float[])outputs[g];
                    for (int i = 0; i < weights.Length; i++)
                    {
                        sums[g][i % sums[g].Length] += weights[i];
                    }
                }
                inBatch = 0;
            }
            using (var cursor = data.GetRowCursor(new[] { column }))
            {
                var getter = cursor.GetGetter<VBuffer<float>>(column);
                VBuffer<float> row = default;
                while (cursor.MoveNext())
                {
                    getter(ref row);
                    if (row.Length != featureCount)
                    {
                        throw new ArgumentOutOfRangeException(nameof(data), $"Feature column '{featureColumn}' has {row.Length} slots; the model was trained on {featureCount}.");
                    }
                    row.CopyTo(batch, inBatch * featureCount, 0f);
                    if (scorer.RejectsNonFiniteFeatures)
                    {
                        scorer.CheckFinite(batch.AsSpan(inBatch * featureCount, featureCount), cursor.Position);
                    }
                    rows++;
                    if (++inBatch == OnnxBatchScorer.BatchSize)
                    {
                        Flush();
                    }
                }
                Flush();
            }
            if (rows == 0)
            {
                throw new ArgumentException("The data to measure expert utilization on has no rows.", nameof(data));
            }
            return new ExpertUtilization(gates.Select((g, i) => new GateUtilization(g.Gate, g.Level, g.Experts, sums[i].Select(s => s / rows).ToArray())).ToArray(), rows);
        }
    }
}
