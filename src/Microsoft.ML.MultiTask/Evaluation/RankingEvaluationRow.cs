using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Evaluation
{
    /// <summary>One labelled row in ML.NET's ranking column layout: the relevance grade, the group as a key, the score.</summary>
    internal sealed class RankingEvaluationRow
    {
        /// <summary>The highest relevance grade a ranking label may have (gains 2^g − 1 stay exact in a double).</summary>
        public const int MaxGrade = 30;

        /// <summary>The ranks NDCG and DCG are reported at: 1 to this.</summary>
        public const int TruncationLevel = 10;

        public float Label;

        public uint GroupId;

        public float Score;

        /// <summary>Runs ML.NET's ranking evaluator; <paramref name="groups"/> is the number of distinct groups (0-based ids).</summary>
        public static RankingMetrics Evaluate(MLContext mlContext, IReadOnlyCollection<(float Grade, int Group, float Score)> rows, int groups, string taskName)
        {
            if (rows.Count == 0)
            {
                throw new InvalidOperationException($"Cannot evaluate ranking task '{taskName}': the evaluation data has no labelled row.");
            }
            // The evaluator reads a group as consecutive rows with one id: the rows are sorted by group, keeping their order within it.
            var sorted = rows.Select((r, i) => (r, i)).OrderBy(x => x.r.Group).ThenBy(x => x.i)
                .Select(x => new RankingEvaluationRow { Label = x.r.Grade, GroupId = (uint)x.r.Group + 1, Score = x.r.Score }).ToList();
            var schema = SchemaDefinition.Create(typeof(RankingEvaluationRow));
            schema[nameof(GroupId)].ColumnType = new KeyDataViewType(typeof(uint), Math.Max(1, groups));
            var options = new RankingEvaluatorOptions
            {
                DcgTruncationLevel = TruncationLevel,
                LabelGains = string.Join(",", Enumerable.Range(0, MaxGrade + 1).Select(g => ((1L << g) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))),
            };
            return mlContext.Ranking.Evaluate(mlContext.Data.LoadFromEnumerable(sorted, schema), options, nameof(Label), nameof(GroupId), nameof(Score));
        }
    }
}
