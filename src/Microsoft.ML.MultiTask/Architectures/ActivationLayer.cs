using System;
using System.Collections.Generic;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Architectures
{
    /// <summary>
    /// An activation as both a TorchSharp module and the equivalent ONNX nodes. Both live in one entry per
    /// <see cref="Activation"/>, so the trained network and its exported graph cannot drift apart.
    /// </summary>
    internal sealed class ActivationLayer
    {
        private const float LeakySlope = 0.01f;

        /// <summary>Every activation, once; a new one is a new entry here.</summary>
        private static readonly IReadOnlyDictionary<Activation, ActivationLayer> ByActivation = new Dictionary<Activation, ActivationLayer>
        {
            [Activation.Relu] = new ActivationLayer(() => nn.ReLU(), (graph, x) => graph.Apply("Relu", "relu", x)),
            [Activation.LeakyRelu] = new ActivationLayer(() => nn.LeakyReLU(LeakySlope),
                (graph, x) => graph.AddNode("LeakyRelu", new[] { x }, graph.Unique("leaky_relu"), OnnxAttribute.Float("alpha", LeakySlope))),
            [Activation.Tanh] = new ActivationLayer(() => nn.Tanh(), (graph, x) => graph.Apply("Tanh", "tanh", x)),
            [Activation.Gelu] = new ActivationLayer(() => nn.GELU(), AppendGelu),
            [Activation.Silu] = new ActivationLayer(() => nn.SiLU(), (graph, x) => graph.Apply("Mul", "silu", x, graph.Apply("Sigmoid", "silu_gate", x))),
        };

        private readonly Func<nn.Module<Tensor, Tensor>> _createModule;
        private readonly Func<OnnxGraphBuilder, string, string> _appendOnnx;

        private ActivationLayer(Func<nn.Module<Tensor, Tensor>> createModule, Func<OnnxGraphBuilder, string, string> appendOnnx)
        {
            _createModule = createModule;
            _appendOnnx = appendOnnx;
        }

        /// <summary>The layer of <paramref name="activation"/>.</summary>
        public static ActivationLayer Of(Activation activation) => ByActivation.TryGetValue(activation, out var layer)
            ? layer
            : throw new ArgumentOutOfRangeException(nameof(MultiTaskTrainer.Options.Activation), activation,
                $"{nameof(MultiTaskTrainer.Options)}.{nameof(MultiTaskTrainer.Options.Activation)} must be one of {string.Join(", ", ByActivation.Keys)}; got {activation}.");

        /// <summary>A new TorchSharp module computing the activation.</summary>
        public nn.Module<Tensor, Tensor> CreateModule() => _createModule();

        /// <summary>Adds the activation's nodes after <paramref name="input"/>; returns the name of their output.</summary>
        public string AppendOnnx(OnnxGraphBuilder graph, string input) => _appendOnnx(graph, input);

        /// <summary>The exact (erf) GELU, as torch's default: 0.5·x·(1 + erf(x/√2)).</summary>
        private static string AppendGelu(OnnxGraphBuilder graph, string input)
        {
            string root2 = graph.AddFloats("sqrt2", new[] { MathF.Sqrt(2f) }, 1);
            string one = graph.AddFloats("one", new[] { 1f }, 1);
            string half = graph.AddFloats("half", new[] { 0.5f }, 1);
            string erf = graph.Apply("Erf", "erf", graph.Apply("Div", "gelu_in", input, root2));
            return graph.Apply("Mul", "gelu", graph.Apply("Mul", "gelu_x", input, graph.Apply("Add", "gelu_1", erf, one)), half);
        }
    }
}
