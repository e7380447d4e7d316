using System;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Architectures
{
    /// <summary>An activation as both a TorchSharp module and the equivalent ONNX nodes.</summary>
    internal static class ActivationLayer
    {
        private const float LeakySlope = 0.01f;

        public static nn.Module<Tensor, Tensor> CreateModule(Activation activation) => activation switch
        {
            Activation.Relu => nn.ReLU(),
            Activation.LeakyRelu => nn.LeakyReLU(LeakySlope),
            Activation.Tanh => nn.Tanh(),
            Activation.Gelu => nn.GELU(),
            Activation.Silu => nn.SiLU(),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
        };

        public static string AppendOnnx(OnnxGraphBuilder graph, Activation activation, string input)
        {
            switch (activation)
            {
                case Activation.Relu:
                    return graph.Apply("Relu", "relu", input);
                case Activation.LeakyRelu:
                    return graph.AddNode("LeakyRelu", new[] { input }, graph.Unique("leaky_relu"), OnnxAttribute.Float("alpha", LeakySlope));
                case Activation.Tanh:
                    return graph.Apply("Tanh", "tanh", input);
                case Activation.Gelu:
                    {
                        string root2 = graph.AddFloats("sqrt2", new[] { MathF.Sqrt(2f) }, 1);
                        string one = graph.AddFloats("one", new[] { 1f }, 1);
                        string half = graph.AddFloats("half", new[] { 0.5f }, 1);
                        string erf = graph.Apply("Erf", "erf", graph.Apply("Div", "gelu_in", input, root2));
                        return graph.Apply("Mul", "gelu", graph.Apply("Mul", "gelu_x", input, graph.Apply("Add", "gelu_1", erf, one)), half);
                    }
                case Activation.Silu:
                    return graph.Apply("Mul", "silu", input, graph.Apply("Sigmoid", "silu_gate", input));
                default:
                    throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
            }
        }
    }
}
