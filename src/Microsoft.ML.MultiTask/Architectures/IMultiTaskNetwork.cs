using System.Collections.Generic;
using Microsoft.ML.MultiTask.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Architectures
{
    /// <summary>
    /// A multi-task network: one forward pass gives the logits of every task. Implementations are
    /// the architectures (hard parameter sharing now; MMoE, PLE, cross-stitch later) and must be able
    /// to write themselves as ONNX nodes, since scoring runs on the exported graph.
    /// </summary>
    internal interface IMultiTaskNetwork : IOnnxExportable
    {
        /// <summary>The TorchSharp module holding the parameters (for the optimizer, train/eval mode, device moves).</summary>
        nn.Module Module { get; }

        /// <summary>Logits per task, in task order, for a [B, features] input.</summary>
        IReadOnlyList<Tensor> Forward(Tensor features);
    }
}
