using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Evaluation;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>
    /// Ordered classes: K − 1 logits, the j-th deciding "above class j" (binary decomposition, Frank and Hall 2001), made
    /// rank-consistent at scoring. Evaluated by ML.NET's multiclass evaluator plus the mean absolute error in ranks.
    /// </summary>
    internal sealed class OrdinalTaskDefinition : TaskDefinition
    {
        private readonly string[]? _classOrder;

        public OrdinalTaskDefinition(string name, string? labelColumnName, float lossWeight, IEnumerable<string>? classOrder)
            : base(name, labelColumnName, lossWeight)
        {
            if (classOrder != null)
            {
                _classOrder = classOrder.ToArray();
                var duplicate = _classOrder.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
                if (_classOrder.Any(string.IsNullOrWhiteSpace) || duplicate != null)
                {
                    throw new ArgumentException(
                        $"The class order of ordinal task '{name}' must list distinct, non-empty class names{(duplicate != null ? $"; '{duplicate.Key}' is listed twice" : string.Empty)}.", nameof(classOrder));
                }
                if (_classOrder.Length < 3)
                {
                    throw new ArgumentException($"The class order of ordinal task '{name}' lists {_classOrder.Length} classes; an ordinal task needs at least 3. Use TaskDefinition.Binary for two.", nameof(classOrder));
                }
            }
        }

        public override TaskKind Kind => TaskKind.Ordinal;

        internal override bool StratifiesValidationSplit => true;

        /// <summary>Read labels are class indices in order of first appearance, not ranks: only categorical measures apply.</summary>
        internal override LabelScale LabelScale => LabelScale.Categorical;

        internal override string ExpectedLabelTypes => "a key type, an integer type, Single or Double (numeric order), or String or Boolean with a class order";

        internal override bool IsSupportedLabelType(DataViewType type) => LabelGetters.IsClassLabel(type);

        internal override TaskHead CreateShapeOnlyHead() => new OrdinalTaskHead(this, new[] { "0", "1", "2" }, new[] { 0f, 1f, 2f }, new[] { "0", "1", "2" }, new[] { 0, 1, 2 });

        /// <summary>Reads each label as its class, numbered in order of first appearance (after the known classes): the head maps them to ranks.</summary>
        internal override TaskLabelReader CreateLabelReader(DataViewRow row, DataViewSchema.Column column)
        {
            if (_classOrder == null && (column.Type is TextDataViewType || column.Type is BooleanDataViewType))
            {
                throw new ArgumentException(
                    $"Label column '{LabelColumnName}' of ordinal task '{Name}' has type {column.Type}, whose classes have no order; give it with TaskDefinition.Ordinal(\"{Name}\", classOrder: new[] {{ \"lowest\", ..., \"highest\" }}), or use a key or number label.");
            }
            var known = _classOrder ?? (column.Type is KeyDataViewType key ? LabelGetters.KeyNames(column, key) : null);
            return new Reader(new ClassLabelReader(LabelGetters.ClassName(row, column), known ?? Array.Empty<string>(), growing: true), known != null);
        }

        internal override void ValidateSettings(bool hasValidationSet)
        {
            base.ValidateSettings(hasValidationSet);
            if (BalanceClasses)
            {
                throw NotForThisKind(nameof(BalanceClasses), "whose loss is over thresholds between classes, not over classes");
            }
            if (Threshold != null)
            {
                throw NotForThisKind(nameof(Threshold), "whose PredictedLabel is the most probable class");
            }
        }

        internal override TaskHead CreateHead(TaskLabelReader reader, ReadOnlySpan<float> labels)
        {
            var ordinal = (Reader)reader;
            var read = ordinal.Classes.Classes.ToArray();
            if (CountLabelled(labels, 1) == 0)
            {
                throw NoLabels();
            }
            string[] ordered;
            float[] values;
            if (ordinal.OrderKnown)
            {
                // The reader listed the known classes first, in order (the class order, or the key values); a class after
                // them is one the class order does not list.
                if (_classOrder != null && read.Length > _classOrder.Length)
                {
                    throw new InvalidOperationException(
                        $"Label column '{LabelColumnName}' of ordinal task '{Name}' holds the class '{read[_classOrder.Length]}', which its class order ({string.Join(", ", _classOrder)}) does not list.");
                }
                ordered = read;
                values = Enumerable.Range(1, ordered.Length).Select(r => (float)r).ToArray();
            }
            else
            {
                // Number labels: their text is the invariant-culture number, so it parses back.
                var byValue = read.Select(c => (Name: c, Value: double.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture))).OrderBy(c => c.Value).ToArray();
                ordered = byValue.Select(c => c.Name).ToArray();
                values = byValue.Select(c => (float)c.Value).ToArray();
            }
            if (ordered.Length < 3)
            {
                throw TooFewClasses(ordered.Length);
            }
            var rank = read.Select(c => Array.IndexOf(ordered, c)).ToArray();
            return new OrdinalTaskHead(this, ordered, values, read, rank);
        }

        internal override TaskMetrics Evaluate(MLContext mlContext, IDataView scored)
        {
            var read = ScoredClassRows.Read(this, scored);
            var metrics = MulticlassEvaluationRow.Evaluate(mlContext, read.Rows, read.Classes, read.Width, Name);
            // The classes of the PredictedLabel key are in rank order, so a class index is a rank.
            double rankError = read.Rows.Average(r => Math.Abs((double)r.PredictedLabel - 1 - r.Label));
            var headline = new[]
            {
                KeyValuePair.Create("MicroAcc", metrics.MicroAccuracy), KeyValuePair.Create("RankMAE", rankError), KeyValuePair.Create("LogLoss", metrics.LogLoss),
            };
            return new TaskMetrics(Name, Kind, read.Rows.Count, headline, KeyValuePair.Create("micro-accuracy", metrics.MicroAccuracy))
            {
                Multiclass = metrics,
                RankMeanAbsoluteError = rankError,
                UnknownClassRowCount = read.UnknownCount,
            };
        }

        /// <summary>The class reader, and whether its first classes are already in order (key values or the class order).</summary>
        private sealed class Reader : TaskLabelReader
        {
            public Reader(ClassLabelReader classes, bool orderKnown)
            {
                Classes = classes;
                OrderKnown = orderKnown;
            }

            public ClassLabelReader Classes { get; }

            public bool OrderKnown { get; }

            public override int Width => 1;

            public override void Read(Span<float> destination) => Classes.Read(destination);
        }

        private InvalidOperationException TooFewClasses(int count) => new InvalidOperationException(
            $"Ordinal task '{Name}' has {count} class{(count == 1 ? string.Empty : "es")} (label column '{LabelColumnName}'); an ordinal task needs at least 3 ordered classes. Use TaskDefinition.Binary for two.");
    }
}
