using System.Collections.Generic;

namespace Microsoft.ML.MultiTask.Onnx
{
    /// <summary>A network that can write itself as ONNX nodes.</summary>
    internal interface IOnnxExportable
    {
        /// <summary>Adds the network's nodes after <paramref name="features"/>; returns each task's logits value name, in task order.</summary>
        IReadOnlyList<string> AppendOnnx(OnnxGraphBuilder graph, string features);
    }
}
