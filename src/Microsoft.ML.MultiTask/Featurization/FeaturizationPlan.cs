using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Automatic featurization's result (<see cref="MultiTaskCatalog.Featurize"/>): the ML.NET estimator chain that builds the
    /// feature vector, and what it made of every column, with the reason.
    /// </summary>
    public sealed class FeaturizationPlan
    {
        internal FeaturizationPlan(IEstimator<ITransformer> estimator, string featureColumnName, IReadOnlyList<ColumnInference> columns)
        {
            Estimator = estimator;
            FeatureColumnName = featureColumnName;
            Columns = columns;
        }

        /// <summary>The estimator chain: conversions, missing-value replacement, one-hot and text featurization, then Concatenate.</summary>
        public IEstimator<ITransformer> Estimator { get; }

        /// <summary>The feature vector the chain writes.</summary>
        public string FeatureColumnName { get; }

        /// <summary>Every column of the data, in schema order, with its role.</summary>
        public IReadOnlyList<ColumnInference> Columns { get; }

        /// <summary>The columns that go into the feature vector.</summary>
        public IEnumerable<ColumnInference> Features => Columns.Where(c => c.IsFeature);

        /// <summary>A table of the columns: name, type, role and reason.</summary>
        public override string ToString()
        {
            var text = new StringBuilder().AppendLine("| Column | Type | Role | Why |").AppendLine("|---|---|---|---|");
            foreach (var column in Columns)
            {
                text.AppendLine($"| {column.Name} | {column.Type} | {column.Role} | {column.Reason} |");
            }
            return text.ToString();
        }
    }
}
