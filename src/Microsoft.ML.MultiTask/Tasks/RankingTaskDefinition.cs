using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Evaluation;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>Rows ranked within their group: one score per row, a listwise loss per group, ML.NET's ranking evaluator.</summary>
    internal sealed class RankingTaskDefinition : TaskDefinition
    {
        public RankingTaskDefinition(string name, string groupColumnName, string? labelColumnName, float lossWeight)
            : base(name, labelColumnName, lossWeight)
        {
            if (string.IsNullOrWhiteSpace(groupColumnName))
            {
                throw new ArgumentException($"Ranking task '{name}' needs a group column: the column naming each row's query, user or session.", nameof(groupColumnName));
            }
            GroupColumnName = groupColumnName;
        }

        public override TaskKind Kind => TaskKind.Ranking;

        internal override string GroupColumnName { get; }

        internal override bool RelatesRowsOfAGroup => true;

        /// <summary>A row's label is its grade and its group: no single number to associate with other tasks.</summary>
        internal override LabelScale LabelScale => LabelScale.Several;

        internal override string ExpectedLabelTypes => $"Single or Double (a whole-number relevance grade from 0 to {RankingEvaluationRow.MaxGrade}; NaN = missing) or a key type (key value − 1 is the grade)";

        internal override bool IsSupportedLabelType(DataViewType type)
            => type == NumberDataViewType.Single || type == NumberDataViewType.Double || type is KeyDataViewType;

        internal override TaskHead CreateShapeOnlyHead() => new RankingTaskHead(this);

        internal override IEnumerable<DataViewSchema.Column> ContextColumns(DataViewSchema schema, string dataName)
        {
            var column = schema.GetColumnOrNull(GroupColumnName);
            if (column == null)
            {
                throw new ArgumentOutOfRangeException(nameof(GroupColumnName),
                    $"Group column '{GroupColumnName}' of ranking task '{Name}' was not found in the {dataName}. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
            }
            if (!LabelGetters.IsClassLabel(column.Value.Type))
            {
                throw new ArgumentOutOfRangeException(nameof(GroupColumnName),
                    $"Group column '{GroupColumnName}' of ranking task '{Name}' has type {column.Value.Type}; expected a scalar key, text, number or Boolean naming the row's group.");
            }
            return new[] { column.Value };
        }

        internal override TaskLabelReader CreateLabelReader(DataViewRow row, DataViewSchema.Column column)
            => new RankingLabelReader(Grade(row, column), LabelGetters.ClassName(row, ContextColumns(row.Schema, "data").Single()));

        /// <summary>The grade of the current row: the number, or key value − 1 (NaN for key 0).</summary>
        private static Func<float> Grade(DataViewRow row, DataViewSchema.Column column)
            => column.Type is KeyDataViewType key ? LabelGetters.KeyIndex(row, column, key) : LabelGetters.Numeric(row, column);

        internal override void ValidateSettings(bool hasValidationSet)
        {
            if (BalanceClasses)
            {
                throw NotForThisKind(nameof(BalanceClasses), "which has grades, not classes");
            }
            if (LabelSmoothing != 0)
            {
                throw NotForThisKind(nameof(LabelSmoothing), "which has grades, not classes");
            }
            if (Threshold != null)
            {
                throw NotForThisKind(nameof(Threshold), "which predicts a score");
            }
        }

        internal override TaskHead CreateHead(TaskLabelReader reader, ReadOnlySpan<float> labels)
        {
            var grades = new HashSet<float>();
            for (int row = 0; row < labels.Length / 2; row++)
            {
                float grade = labels[2 * row];
                if (float.IsNaN(grade))
                {
                    continue;
                }
                if (!(grade >= 0 && grade <= RankingEvaluationRow.MaxGrade) || grade != MathF.Floor(grade))
                {
                    throw new InvalidOperationException(
                        $"Label column '{LabelColumnName}' of ranking task '{Name}' has the value {grade} at row {row}; a relevance grade is a whole number from 0 to {RankingEvaluationRow.MaxGrade}, or NaN for a missing one.");
                }
                grades.Add(grade);
            }
            if (grades.Count == 0)
            {
                throw NoLabels();
            }
            if (grades.Count == 1)
            {
                throw new InvalidOperationException(
                    $"Label column '{LabelColumnName}' of ranking task '{Name}' holds only the grade {grades.Single()}; a ranking task needs rows of different grades to learn an order.");
            }
            return new RankingTaskHead(this);
        }

        internal override TaskMetrics Evaluate(MLContext mlContext, IDataView scored)
        {
            var label = GetLabelColumn(scored.Schema, "data to evaluate");
            var group = ContextColumns(scored.Schema, "data to evaluate").Single();
            var score = ScoredColumns.Find(scored.Schema, ScoreColumnName, Name);
            var rows = new List<(float Grade, int Group, float Score)>();
            RankingLabelReader reader;
            using (var cursor = scored.GetRowCursor(new[] { label, group, score }.Distinct()))
            {
                reader = (RankingLabelReader)CreateLabelReader(cursor, label);
                var scoreGetter = cursor.GetGetter<float>(score);
                Span<float> value = stackalloc float[2];
                float rowScore = 0;
                while (cursor.MoveNext())
                {
                    reader.Read(value);
                    if (float.IsNaN(value[0]))
                    {
                        continue;
                    }
                    scoreGetter(ref rowScore);
                    rows.Add((value[0], (int)value[1], rowScore));
                }
            }
            var metrics = RankingEvaluationRow.Evaluate(mlContext, rows, reader.GroupCount, Name);
            var ndcg = metrics.NormalizedDiscountedCumulativeGains;
            var headline = new[] { 1, 3, 10 }.Select(k => KeyValuePair.Create($"NDCG@{k}", ndcg[k - 1])).ToArray();
            return new TaskMetrics(Name, Kind, rows.Count, headline, KeyValuePair.Create("NDCG@10", ndcg[RankingEvaluationRow.TruncationLevel - 1])) { Ranking = metrics };
        }
    }
}
