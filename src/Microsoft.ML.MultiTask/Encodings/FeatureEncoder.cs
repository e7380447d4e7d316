using Microsoft.ML.MultiTask.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Encodings
{
    /// <summary>
    /// What a <see cref="FeatureEncoding"/> builds: a module between the feature scaling and the architecture,
    /// fitted on the training data, that writes its own ONNX nodes (so a saved model scores raw features).
    /// </summary>
    internal abstract class FeatureEncoder : nn.Module<Tensor, Tensor>
    {
        protected FeatureEncoder(string name)
            : base(name)
        {
        }

        /// <summary>Width of the encoded features.</summary>
        public abstract int OutputSize { get; }

        /// <summary>Adds the encoder's nodes after <paramref name="input"/>; returns the encoded value's name.</summary>
        public abstract string AppendOnnx(OnnxGraphBuilder graph, string input);
    }
}
