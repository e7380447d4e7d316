using Microsoft.ML.MultiTask.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Ensembles
{
    /// <summary>
    /// Multiclass outputs: log of the summed softmax probabilities of the members, log Σ_k softmax(z_k) — logits whose
    /// softmax is the members' mean probability (the constant log k cancels in the softmax).
    /// </summary>
    internal sealed class SoftmaxAverage : MemberAverage
    {
        public override Tensor Combine(Tensor members) => members.log_softmax(2).logsumexp(0);

        public override string AppendOnnx(OnnxGraphBuilder graph, string members)
            => graph.AddNode("ReduceLogSumExp", new[] { graph.AddNode("LogSoftmax", new[] { members }, graph.Unique("member_log_p"), OnnxAttribute.Int("axis", 2)) },
                graph.Unique("member_logits"), OnnxAttribute.Ints("axes", 0), OnnxAttribute.Int("keepdims", 0));
    }
}
