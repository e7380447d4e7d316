using System.Collections.Generic;
using Microsoft.ML.MultiTask.Onnx;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>
    /// One output of the ONNX graph and the ML.NET column it becomes. A width-1 output is
    /// turned into a scalar column; <see cref="KeyClasses"/> turns a text output into a key column.
    /// </summary>
    internal sealed class ScoringOutput
    {
        public ScoringOutput(string columnName, OnnxElementType elementType, bool scalar, IReadOnlyList<string>? keyClasses = null)
        {
            ColumnName = columnName;
            ElementType = elementType;
            Scalar = scalar;
            KeyClasses = keyClasses;
        }

        /// <summary>The column name users see, e.g. <c>Income.Probability</c>, which is also the graph output's name.</summary>
        public string ColumnName { get; }

        public OnnxElementType ElementType { get; }

        /// <summary>True when the ML.NET column is a scalar (the graph output is <c>[N,1]</c>).</summary>
        public bool Scalar { get; }

        /// <summary>When set, the (text) column becomes a key with these values, in this order.</summary>
        public IReadOnlyList<string>? KeyClasses { get; }
    }
}
