using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Architectures
{
    /// <summary>
    /// Hard parameter sharing: one encoder MLP shared by all tasks, then one head MLP per task
    /// ending in that task's logits.
    /// </summary>
    internal sealed class SharedEncoderNetwork : nn.Module<Tensor, Tensor[]>, IMultiTaskNetwork
    {
        private readonly MultiLayerPerceptron encoder;
        private readonly ModuleList<MultiLayerPerceptron> heads;

        /// <param name="inputSize">Number of features.</param>
        /// <param name="sharedLayers">Sizes of the shared hidden layers.</param>
        /// <param name="headLayers">Per task: sizes of its hidden layers followed by its output size.</param>
        /// <param name="activation">Activation after every hidden layer.</param>
        /// <param name="dropout">Dropout rate after every hidden layer.</param>
        public SharedEncoderNetwork(int inputSize, IReadOnlyList<int> sharedLayers, IReadOnlyList<IReadOnlyList<int>> headLayers, Activation activation, double dropout)
            : base(nameof(SharedEncoderNetwork))
        {
            encoder = new MultiLayerPerceptron("encoder", inputSize, sharedLayers, activation, dropout, activateLast: true);
            heads = nn.ModuleList(headLayers.Select((sizes, i) => new MultiLayerPerceptron($"head{i}", encoder.OutputSize, sizes, activation, dropout, activateLast: false)).ToArray());
            RegisterComponents();
        }

        public nn.Module Module => this;

        public override Tensor[] forward(Tensor input)
        {
            var shared = encoder.forward(input);
            return heads.Select(head => head.forward(shared)).ToArray();
        }

        public IReadOnlyList<Tensor> Forward(Tensor features) => forward(features);

        public IReadOnlyList<string> AppendOnnx(OnnxGraphBuilder graph, string features)
        {
            string shared = encoder.AppendOnnx(graph, features);
            return heads.Select(head => head.AppendOnnx(graph, shared)).ToArray();
        }
    }
}
