using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Ensembles
{
    /// <summary>
    /// Binary and multi-label outputs: the logit of the mean of the members' sigmoid probabilities, as
    /// log Σ σ(z) − log Σ σ(−z) with each log-sum taken stably (log σ(z) = −softplus(−z)), so no probability is
    /// clamped and no logit overflows.
    /// </summary>
    internal sealed class SigmoidAverage : MemberAverage
    {
        public override Tensor Combine(Tensor members)
            => nn.functional.softplus(members.neg()).neg().logsumexp(0).sub(nn.functional.softplus(members).neg().logsumexp(0));

        public override string AppendOnnx(OnnxGraphBuilder graph, string members)
        {
            string positive = LogSum(graph, graph.Apply("Neg", "minus_logit", members), "log_p");
            string negative = LogSum(graph, members, "log_not_p");
            return graph.Apply("Sub", "member_logit", positive, negative);
        }

        /// <summary>log Σ_k σ(−x) = log Σ_k exp(−softplus(x)).</summary>
        private static string LogSum(OnnxGraphBuilder graph, string x, string name)
            => graph.AddNode("ReduceLogSumExp", new[] { graph.Apply("Neg", name + "_terms", graph.Apply("Softplus", name + "_softplus", x)) }, graph.Unique(name),
                OnnxAttribute.Ints("axes", 0), OnnxAttribute.Int("keepdims", 0));
    }
}
