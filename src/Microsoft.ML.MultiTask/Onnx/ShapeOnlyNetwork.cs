using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Onnx
{
    /// <summary>
    /// A graph with the shapes of a real model and zero weights: features times a zero matrix per
    /// task. <see cref="MultiTaskTrainer.GetOutputSchema"/> scores an empty schema through it, so the
    /// output schema comes from the same transforms that score a fitted model.
    /// </summary>
    internal sealed class ShapeOnlyNetwork : IOnnxExportable
    {
        private readonly int _featureCount;
        private readonly IReadOnlyList<int> _outputSizes;

        public ShapeOnlyNetwork(int featureCount, IReadOnlyList<int> outputSizes)
        {
            _featureCount = featureCount;
            _outputSizes = outputSizes;
        }

        public IReadOnlyList<string> AppendOnnx(OnnxGraphBuilder graph, string features)
            => _outputSizes.Select(size => graph.Apply("MatMul", "logits", features, graph.AddFloats("zeros", new float[_featureCount * size], _featureCount, size))).ToArray();
    }
}
