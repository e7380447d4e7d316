using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask
{
    /// <summary>One column as automatic featurization read it: its type, the role it was given, and why.</summary>
    public sealed class ColumnInference
    {
        internal ColumnInference(string name, DataViewType type, ColumnRole role, int distinctValues, string reason)
        {
            Name = name;
            Type = type;
            Role = role;
            DistinctValues = distinctValues;
            Reason = reason;
        }

        /// <summary>The column's name.</summary>
        public string Name { get; }

        /// <summary>The column's type in the data.</summary>
        public DataViewType Type { get; }

        /// <summary>What featurization made of it.</summary>
        public ColumnRole Role { get; }

        /// <summary>Distinct non-missing values among the rows read (0 for vectors).</summary>
        public int DistinctValues { get; }

        /// <summary>Why it got its role, in words.</summary>
        public string Reason { get; }

        /// <summary>True when the column goes into the feature vector.</summary>
        public bool IsFeature => Role == ColumnRole.Numeric || Role == ColumnRole.Categorical || Role == ColumnRole.Text;
    }
}
