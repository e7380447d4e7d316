using System.Collections.Generic;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>Copies between tensors and float arrays (checkpoints, ONNX initializers), releasing every temporary.</summary>
    internal static class TensorValues
    {
        public static float[] Of(Tensor tensor)
        {
            using var detached = tensor.detach();
            using var cpu = detached.cpu();
            using var values = cpu.data<float>();
            return values.ToArray();
        }

        public static void CopyInto(IReadOnlyList<Tensor> tensors, float[][] values)
        {
            using var scope = NewDisposeScope();
            using (no_grad())
            {
                for (int i = 0; i < tensors.Count; i++)
                {
                    tensors[i].copy_(tensor(values[i], tensors[i].shape));
                }
            }
        }
    }
}
