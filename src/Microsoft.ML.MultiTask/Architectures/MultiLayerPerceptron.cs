using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Architectures
{
    /// <summary>
    /// Linear layers with an activation and dropout after each hidden one; the last layer is left
    /// linear when it is an output layer. Exports itself as ONNX Gemm nodes.
    /// </summary>
    internal sealed class MultiLayerPerceptron : nn.Module<Tensor, Tensor>
    {
        private readonly ModuleList<Linear> layers;
        private readonly nn.Module<Tensor, Tensor> activation;
        private readonly Dropout dropout;
        private readonly ActivationLayer _activationLayer;
        private readonly bool _activateLast;

        public MultiLayerPerceptron(string name, int inputSize, IReadOnlyList<int> sizes, Activation activationKind, double dropoutRate, bool activateLast)
            : base(name)
        {
            var linear = new List<Linear>();
            int previous = inputSize;
            foreach (int size in sizes)
            {
                linear.Add(nn.Linear(previous, size));
                previous = size;
            }
            layers = nn.ModuleList(linear.ToArray());
            _activationLayer = ActivationLayer.Of(activationKind);
            activation = _activationLayer.CreateModule();
            dropout = nn.Dropout(dropoutRate);
            _activateLast = activateLast;
            OutputSize = previous;
            RegisterComponents();
        }

        /// <summary>The last linear layer's weight and bias (empty when there is no layer).</summary>
        public IReadOnlyList<Tensor> LastLayerParameters => layers.Count == 0 ? System.Array.Empty<Tensor>() : layers[layers.Count - 1].parameters().Cast<Tensor>().ToArray();

        /// <summary>Width of the output: the last layer's size, or the input's when there is no layer.</summary>
        public int OutputSize { get; }

        public override Tensor forward(Tensor input)
        {
            var x = input;
            for (int i = 0; i < layers.Count; i++)
            {
                x = layers[i].forward(x);
                if (i < layers.Count - 1 || _activateLast)
                {
                    x = dropout.forward(activation.forward(x));
                }
            }
            return x;
        }

        public string AppendOnnx(OnnxGraphBuilder graph, string input)
        {
            string x = input;
            for (int i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                string weight = graph.AddParameter("weight", layer.weight!);
                string bias = graph.AddParameter("bias", layer.bias!);
                x = graph.AddNode("Gemm", new[] { x, weight, bias }, graph.Unique("gemm"), OnnxAttribute.Int("transB", 1));
                if (i < layers.Count - 1 || _activateLast)
                {
                    x = _activationLayer.AppendOnnx(graph, x);
                }
            }
            return x;
        }
    }
}
