using System.Collections.Generic;
using Microsoft.ML.MultiTask.Tasks;

namespace Microsoft.ML.MultiTask.Onnx
{
    /// <summary>
    /// Declares the graph outputs of the task heads, each named after its column. The same graph serves
    /// ONNX consumers and the ML.NET scoring chain, whose later steps write the scalar or key column of
    /// the same name over a one-slot output (which stays in the schema, hidden).
    /// </summary>
    internal sealed class OnnxOutputCollector
    {
        private readonly OnnxGraphBuilder _graph;
        private readonly List<ScoringOutput> _outputs = new List<ScoringOutput>();

        public OnnxOutputCollector(OnnxGraphBuilder graph) => _graph = graph;

        public IReadOnlyList<ScoringOutput> Outputs => _outputs;

        /// <summary>Declares <paramref name="value"/> ([N, width]) as the source of column <paramref name="columnName"/>.</summary>
        public void Add(string columnName, string value, OnnxElementType type, int width, bool scalar, IReadOnlyList<string>? keyClasses = null)
        {
            _graph.AddNode("Identity", new[] { value }, columnName);
            _graph.AddOutput(columnName, type, width);
            _outputs.Add(new ScoringOutput(columnName, type, scalar, keyClasses));
        }
    }
}
