using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>
    /// A <c>--task</c> made concrete against the data: its <see cref="TaskDefinition"/>, and the transform that turns its
    /// label column(s) into what the task reads (a text binary label into 1/0/NaN, multilabel columns into one vector).
    /// </summary>
    internal sealed class ResolvedTask
    {
        /// <summary>More distinct values than this in a text label is not a class label.</summary>
        private const int MaxClasses = 1000;

        private ResolvedTask(TaskDefinition definition, IEstimator<ITransformer>? labelConversion, string why)
        {
            Definition = definition;
            LabelConversion = labelConversion;
            Why = why;
        }

        public TaskDefinition Definition { get; }

        /// <summary>The label's conversion, part of the saved pipeline so evaluate reads labels the same way; null when none is needed.</summary>
        public IEstimator<ITransformer>? LabelConversion { get; }

        /// <summary>How the kind and label were chosen, for the user.</summary>
        public string Why { get; }

        public static ResolvedTask Resolve(MLContext mlContext, TaskSpecification spec, DatasetFile dataset)
        {
            foreach (var column in spec.Columns)
            {
                dataset.Column(column, $"--task {spec.Text}");
            }
            if (spec.Group != null)
            {
                dataset.Column(spec.Group, $"--task {spec.Text}");
            }
            if (spec.Kind == "multilabel")
            {
                string vector = spec.Name + ".Label";
                return new ResolvedTask(TaskDefinition.MultiLabel(spec.Name, vector, spec.Weight),
                    mlContext.Transforms.Concatenate(vector, spec.Columns.ToArray()), $"multilabel over {string.Join(", ", spec.Columns)}");
            }
            string label = spec.Columns[0];
            var values = ColumnValues.Read(dataset.Data, label, MaxClasses);
            string kind = spec.Kind ?? Infer(values, spec);
            string inferred = spec.Kind == null ? " (inferred from its values)" : string.Empty;
            switch (kind)
            {
                case "binary" when values.IsText:
                    return TextBinary(mlContext, spec, label, values, inferred);
                case "binary":
                    return new ResolvedTask(TaskDefinition.Binary(spec.Name, label, spec.Weight), null, $"binary on '{label}'{inferred}");
                case "multiclass":
                    return new ResolvedTask(TaskDefinition.Multiclass(spec.Name, label, spec.Weight), null, $"multiclass on '{label}', {values.Counts.Count} classes{inferred}");
                case "regression":
                    RequireNumbers(values, spec, label, kind);
                    return new ResolvedTask(TaskDefinition.Regression(spec.Name, label, spec.Weight), null, $"regression on '{label}'{inferred}");
                case "ordinal":
                    var order = spec.Settings.TryGetValue("order", out var o) ? o.Split('|').Select(c => c.Trim()).ToArray() : null;
                    if (order == null && values.IsText)
                    {
                        throw new UsageException($"--task {spec.Text}: '{label}' holds text, so the order of its classes is not known: add ,order=LOWEST|...|HIGHEST.");
                    }
                    return new ResolvedTask(TaskDefinition.Ordinal(spec.Name, label, spec.Weight, order), null, $"ordinal on '{label}'");
                case "ranking":
                    RequireNumbers(values, spec, label, kind);
                    return new ResolvedTask(TaskDefinition.Ranking(spec.Name, spec.Group!, label, spec.Weight), null, $"ranking on '{label}' within '{spec.Group}'");
                default:
                    RequireNumbers(values, spec, label, kind);
                    return new ResolvedTask(TaskDefinition.GroupedRegression(spec.Name, spec.Group!, label, spec.Weight), null, $"grouped regression on '{label}' per '{spec.Group}'");
            }
        }

        /// <summary>Two values → binary; a few whole numbers or text values → multiclass; other numbers → regression.</summary>
        private static string Infer(ColumnValues values, TaskSpecification spec)
        {
            int distinct = values.Counts.Count;
            if (distinct < 2)
            {
                throw new UsageException($"--task {spec.Text}: '{spec.Columns[0]}' has {(distinct == 0 ? "no value" : "one value only")}; there is nothing to learn.");
            }
            if (values.Type is BooleanDataViewType || (distinct == 2 && (values.IsText || values.Counts.Keys.All(v => v == "0" || v == "1"))))
            {
                return "binary";
            }
            if (values.IsText)
            {
                return distinct <= MaxClasses ? "multiclass"
                    : throw new UsageException($"--task {spec.Text}: '{spec.Columns[0]}' holds more than {MaxClasses} distinct texts; that is not a class label. Name a kind if you mean one.");
            }
            return values.AllWholeNumbers && distinct <= 10 ? "multiclass" : "regression";
        }

        private static void RequireNumbers(ColumnValues values, TaskSpecification spec, string label, string kind)
        {
            if (values.Type is not NumberDataViewType)
            {
                string example = values.Counts.Keys.FirstOrDefault() ?? string.Empty;
                throw new UsageException($"--task {spec.Text}: a {kind} task needs numbers, but '{label}' holds {(values.IsText ? "text" : values.Type.ToString())} (e.g. '{example}').");
            }
        }

        /// <summary>
        /// A text column as a binary label: with <c>positive=</c>, that value against every other (one against the rest);
        /// without, a column of exactly two values, the rarer one positive. Missing markers stay missing.
        /// </summary>
        private static ResolvedTask TextBinary(MLContext mlContext, TaskSpecification spec, string label, ColumnValues values, string inferred)
        {
            bool named = spec.Settings.TryGetValue("positive", out var positive);
            if (!named && values.Counts.Count != 2)
            {
                throw new UsageException($"--task {spec.Text}: a binary task needs two values, but '{label}' has {(values.Counts.Count > MaxClasses ? $"more than {MaxClasses}" : values.Counts.Count.ToString(CultureInfo.InvariantCulture))} ({string.Join(", ", values.Counts.Keys.Take(5))}{(values.Counts.Count > 5 ? ", ..." : string.Empty)}); name the positive value (,positive=V) to predict it against the rest, or use multiclass.");
            }
            positive ??= values.Counts.OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key;
            if (!values.Counts.ContainsKey(positive))
            {
                throw new UsageException($"--task {spec.Text}: positive value '{positive}' does not occur in '{label}'; its values include {string.Join(", ", values.Counts.Keys.Take(10))}.");
            }
            var mapping = values.Counts.Keys.ToDictionary(v => v, v => v == positive ? 1f : 0f);
            foreach (var missing in values.MissingTexts)
            {
                mapping.TryAdd(missing, float.NaN);
            }
            var negatives = values.Counts.Keys.Where(v => v != positive).ToList();
            string negative = negatives.Count == 1 ? $"'{negatives[0]}'" : $"the {negatives.Count} other values";
            string converted = spec.Name + ".Label";
            return new ResolvedTask(TaskDefinition.Binary(spec.Name, converted, spec.Weight),
                mlContext.Transforms.Conversion.MapValue(converted, mapping.Select(m => new KeyValuePair<string, float>(m.Key, m.Value)), label),
                $"binary on '{label}': '{positive}' is positive, {negative} negative{inferred}");
        }
    }
}
