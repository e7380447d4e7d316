using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Architectures
{
    /// <summary>
    /// The gated sum Σₑ softmax(gate(x))ₑ · expertₑ shared by MMoE and PLE, as a TorchSharp computation and as ONNX
    /// nodes. The ONNX side picks gate column e with a MatMul by a one-hot column (exact), so it needs only
    /// Gemm/MatMul/Mul/Add/Softmax.
    /// </summary>
    internal static class ExpertMixture
    {
        /// <summary>A gate: a linear map from the gate's input to one logit per expert.</summary>
        public static MultiLayerPerceptron Gate(string name, int inputSize, int experts)
            => new MultiLayerPerceptron(name, inputSize, new[] { experts }, Activation.Relu, 0, activateLast: false);

        /// <summary>The gate's softmax weights [B, E].</summary>
        public static Tensor Weights(MultiLayerPerceptron gate, Tensor input) => nn.functional.softmax(gate.forward(input), 1);

        /// <summary>Σₑ weights[:, e] · experts[e], for weights [B, E] and E experts of [B, d].</summary>
        public static Tensor Mix(Tensor weights, IReadOnlyList<Tensor> experts) => stack(experts, 1).mul(weights.unsqueeze(2)).sum(dim: 1);

        /// <summary>The gate's softmax weights as ONNX nodes; returns the value name ([N, E]).</summary>
        public static string AppendWeights(OnnxGraphBuilder graph, MultiLayerPerceptron gate, string input)
            => graph.AddNode("Softmax", new[] { gate.AppendOnnx(graph, input) }, graph.Unique("gate"), OnnxAttribute.Int("axis", 1));

        /// <summary>The gated sum as ONNX nodes; returns the value name ([N, d]).</summary>
        public static string AppendMix(OnnxGraphBuilder graph, string weights, IReadOnlyList<string> experts)
        {
            string? sum = null;
            for (int e = 0; e < experts.Count; e++)
            {
                var oneHot = new float[experts.Count];
                oneHot[e] = 1;
                string column = graph.Apply("MatMul", "gate_column", weights, graph.AddFloats("one_hot", oneHot, experts.Count, 1));
                string term = graph.Apply("Mul", "gated", column, experts[e]);
                sum = sum == null ? term : graph.Apply("Add", "mixture", sum, term);
            }
            return sum!;
        }

        /// <summary>The experts' outputs for one input.</summary>
        public static Tensor[] Run(ModuleList<MultiLayerPerceptron> experts, Tensor input) => experts.Select(e => e.forward(input)).ToArray();

        /// <summary>The experts' ONNX outputs for one input.</summary>
        public static string[] AppendRun(OnnxGraphBuilder graph, ModuleList<MultiLayerPerceptron> experts, string input)
            => experts.Select(e => e.AppendOnnx(graph, input)).ToArray();

        /// <summary>Expert MLPs with an activation (and dropout) after every layer, their last included.</summary>
        public static ModuleList<MultiLayerPerceptron> Experts(string prefix, int count, int inputSize, IReadOnlyList<int> layers, ArchitectureContext context)
            => nn.ModuleList(Enumerable.Range(0, count).Select(i => new MultiLayerPerceptron($"{prefix}{i}", inputSize, layers, context.Activation, context.Dropout, activateLast: true)).ToArray());
    }
}
