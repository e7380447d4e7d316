using System.Collections.Generic;
using Microsoft.ML.MultiTask.Tasks;

namespace Microsoft.ML.MultiTask.Onnx
{
    /// <summary>
    /// Declares the graph outputs of the task heads. For a standalone graph each output is named
    /// after its column; for the ML.NET scoring chain, outputs that a later transform turns into a
    /// scalar or a key get an internal name, so that transform can write the column's own name.
    /// </summary>
    internal sealed class OnnxOutputCollector
    {
        /// <summary>Prefix of graph outputs that stand in for a column until it is scalarized.</summary>
        public const string InternalPrefix = "MultiTask.Onnx.";

        private readonly OnnxGraphBuilder _graph;
        private readonly bool _forMlNet;
        private readonly List<ScoringOutput> _outputs = new List<ScoringOutput>();

        public OnnxOutputCollector(OnnxGraphBuilder graph, bool forMlNet)
        {
            _graph = graph;
            _forMlNet = forMlNet;
        }

        public IReadOnlyList<ScoringOutput> Outputs => _outputs;

        /// <summary>Declares <paramref name="value"/> ([N, width]) as the source of column <paramref name="columnName"/>.</summary>
        public void Add(string columnName, string value, OnnxElementType type, int width, bool scalar, IReadOnlyList<string>? keyClasses = null)
        {
            string onnxName = _forMlNet && (scalar || keyClasses != null) ? InternalPrefix + columnName : columnName;
            _graph.AddNode("Identity", new[] { value }, onnxName);
            _graph.AddOutput(onnxName, type, width);
            _outputs.Add(new ScoringOutput(columnName, onnxName, type, width, scalar && _forMlNet, keyClasses));
        }
    }
}
