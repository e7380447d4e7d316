using Microsoft.ML.MultiTask.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Ensembles
{
    /// <summary>Regression outputs: the mean of the members' predictions.</summary>
    internal sealed class MeanAverage : MemberAverage
    {
        public override Tensor Combine(Tensor members) => members.mean(new long[] { 0 });

        public override string AppendOnnx(OnnxGraphBuilder graph, string members)
            => graph.AddNode("ReduceMean", new[] { members }, graph.Unique("member_mean"), OnnxAttribute.Ints("axes", 0), OnnxAttribute.Int("keepdims", 0));
    }
}
