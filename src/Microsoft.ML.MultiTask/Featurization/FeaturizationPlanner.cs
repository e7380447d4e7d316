using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.MultiTask.Featurization
{
    /// <summary>Infers each column's role from one pass over the first rows and builds the estimator chain for it.</summary>
    internal static class FeaturizationPlanner
    {
        /// <summary>A column needs this many values read before it is judged an identifier or a leak: on fewer rows either could be chance.</summary>
        private const int MinRowsToJudge = 20;

        public static FeaturizationPlan Plan(MLContext mlContext, IDataView data, IReadOnlyList<string> labels, FeaturizerOptions options, Action<string> warn)
        {
            var schema = data.Schema;
            var labelColumns = labels.Select(name => schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(labels),
                $"Label column '{name}' was not found in the data. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.")).ToArray();
            var scalars = schema.Where(c => !c.IsHidden && !labels.Contains(c.Name) && LabelGetters.IsClassLabel(c.Type)).ToArray();
            var profiles = Profile(data, labelColumns, scalars, options.MaxRowsRead);
            var columns = schema.Where(c => !c.IsHidden).Select(column =>
            {
                if (labels.Contains(column.Name))
                {
                    return new ColumnInference(column.Name, column.Type, ColumnRole.Label, 0, "a task's label");
                }
                if (column.Type is VectorDataViewType vector)
                {
                    return vector.ItemType == NumberDataViewType.Single && vector.IsKnownSize
                        ? new ColumnInference(column.Name, column.Type, ColumnRole.Numeric, 0, $"a vector of {vector.Size} numbers")
                        : new ColumnInference(column.Name, column.Type, ColumnRole.Ignored, 0, "a vector featurization does not read (only known-size vectors of Single)");
                }
                return profiles.TryGetValue(column.Name, out var profile)
                    ? Infer(profile, labels, options, warn)
                    : new ColumnInference(column.Name, column.Type, ColumnRole.Ignored, 0, $"type {column.Type} is not read (convert it to a number or text first)");
            }).ToArray();
            if (!columns.Any(c => c.IsFeature))
            {
                throw new InvalidOperationException($"Automatic featurization found no feature column: {string.Join("; ", columns.Select(c => $"{c.Name}: {c.Role} ({c.Reason})"))}.");
            }
            return new FeaturizationPlan(Chain(mlContext, schema, columns, profiles, options.FeatureColumnName), options.FeatureColumnName, columns);
        }

        private static Dictionary<string, ColumnProfile> Profile(IDataView data, DataViewSchema.Column[] labels, DataViewSchema.Column[] columns, int maxRows)
        {
            using var cursor = data.GetRowCursor(columns.Concat(labels));
            var labelValues = labels.Select(l => LabelGetters.ClassName(cursor, l)).ToArray();
            var profiles = columns.Select(c => new ColumnProfile(cursor, c, labels.Length)).ToArray();
            var row = new string?[labels.Length];
            for (int read = 0; read < maxRows && cursor.MoveNext(); read++)
            {
                for (int i = 0; i < labels.Length; i++)
                {
                    row[i] = labelValues[i]();
                }
                foreach (var profile in profiles)
                {
                    profile.Read(row);
                }
            }
            return profiles.ToDictionary(p => p.Column.Name);
        }

        private static ColumnInference Infer(ColumnProfile profile, IReadOnlyList<string> labels, FeaturizerOptions options, Action<string> warn)
        {
            var column = profile.Column;
            int present = profile.Present, distinct = profile.Distinct;
            ColumnInference Role(ColumnRole role, string reason) => new ColumnInference(column.Name, column.Type, role, distinct, reason);
            if (options.DropLeaks && present >= MinRowsToJudge && distinct <= present / 2)
            {
                int leaked = Enumerable.Range(0, labels.Count).FirstOrDefault(l => profile.DeterminesLabel(l), -1);
                if (leaked >= 0)
                {
                    string reason = $"label '{labels[leaked]}' is a function of it: each of its {distinct} values has one '{labels[leaked]}' value in the rows read; dropped as a leak";
                    warn($"Column '{column.Name}': {reason}. Remove it from the data if it is only known with the label, or featurize it yourself if it is truly known at prediction time.");
                    return Role(ColumnRole.Leak, reason);
                }
            }
            bool unique = present >= MinRowsToJudge && distinct == present;
            switch (column.Type)
            {
                case TextDataViewType _:
                    // Long values with spaces are free text unless they repeat: a few long category names (census's
                    // "Not in universe or children") are categories, and n-grams of them would only slow training.
                    bool repeats = distinct <= options.MaxCategories && distinct <= present / 2;
                    if (profile.MeanTextLength >= options.MinTextLength && profile.ShareWithSpace >= 0.5 && !repeats)
                    {
                        return Role(ColumnRole.Text, $"free text: {profile.MeanTextLength:0} characters on average, {profile.ShareWithSpace:P0} with spaces");
                    }
                    if (unique)
                    {
                        return Role(ColumnRole.Identifier, $"a different value on every one of the {present} rows read; dropped");
                    }
                    return distinct <= options.MaxCategories
                        ? Role(ColumnRole.Categorical, $"{distinct} distinct values")
                        : Role(ColumnRole.Identifier, $"{distinct} distinct values, over {nameof(FeaturizerOptions.MaxCategories)} ({options.MaxCategories}); dropped (hash or embed it yourself)");
                case KeyDataViewType key:
                    return key.Count <= (ulong)options.MaxCategories
                        ? Role(ColumnRole.Categorical, $"a key of {key.Count} values")
                        : Role(ColumnRole.Identifier, $"a key of {key.Count} values, over {nameof(FeaturizerOptions.MaxCategories)} ({options.MaxCategories}); dropped");
                case BooleanDataViewType _:
                    return Role(ColumnRole.Numeric, "Boolean, read as 1/0");
                default:
                    if (unique && profile.WholeNumbers)
                    {
                        return Role(ColumnRole.Identifier, $"a whole number that differs on every one of the {present} rows read, like a row id; dropped");
                    }
                    return Role(ColumnRole.Numeric, profile.Missing > 0 ? $"numbers; {profile.Missing} missing replaced by the mean" : "numbers");
            }
        }

        private static IEstimator<ITransformer> Chain(MLContext ml, DataViewSchema schema, ColumnInference[] columns, Dictionary<string, ColumnProfile> profiles, string featureColumnName)
        {
            var chain = new EstimatorChain<ITransformer>();
            foreach (var column in columns.Where(c => c.IsFeature))
            {
                var type = schema[column.Name].Type;
                switch (column.Role)
                {
                    case ColumnRole.Numeric when !(type is VectorDataViewType):
                        if (type != NumberDataViewType.Single)
                        {
                            chain = chain.Append<ITransformer>(ml.Transforms.Conversion.ConvertType(column.Name, column.Name, DataKind.Single));
                        }
                        if (profiles[column.Name].Missing > 0)
                        {
                            chain = chain.Append<ITransformer>(ml.Transforms.ReplaceMissingValues(column.Name, column.Name, MissingValueReplacingEstimator.ReplacementMode.Mean));
                        }
                        break;
                    case ColumnRole.Categorical:
                        chain = chain.Append<ITransformer>(ml.Transforms.Categorical.OneHotEncoding(column.Name, column.Name));
                        break;
                    case ColumnRole.Text:
                        chain = chain.Append<ITransformer>(ml.Transforms.Text.FeaturizeText(column.Name, column.Name));
                        break;
                }
            }
            return chain.Append(ml.Transforms.Concatenate(featureColumnName, columns.Where(c => c.IsFeature).Select(c => c.Name).ToArray()));
        }
    }
}
