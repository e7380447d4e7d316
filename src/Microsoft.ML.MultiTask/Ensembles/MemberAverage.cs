using Microsoft.ML.MultiTask.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Ensembles
{
    /// <summary>
    /// How a task's k ensemble members' outputs become the model's one output, in the scale the task's head reads
    /// (logits): the members' probabilities are averaged, and the result is given back as logits of that average,
    /// so every output column, metric and threshold works unchanged.
    /// </summary>
    internal abstract class MemberAverage
    {
        /// <summary>[k, B, C] member outputs → [B, C].</summary>
        public abstract Tensor Combine(Tensor members);

        /// <summary>The same as ONNX nodes: <paramref name="members"/> is a [k, N, C] value; returns the [N, C] value's name.</summary>
        public abstract string AppendOnnx(OnnxGraphBuilder graph, string members);
    }
}
