using System.Collections.Generic;
using Microsoft.ML.MultiTask.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Architectures
{
    /// <summary>
    /// A multi-task network: one forward pass gives the logits of every task. It says which parameters all tasks
    /// share and which belong to one task (what gradient methods and training strategies work on), may add a
    /// penalty to the loss, and writes itself as ONNX nodes, since scoring runs on the exported graph.
    /// </summary>
    internal interface IMultiTaskNetwork : IOnnxExportable
    {
        /// <summary>The TorchSharp module holding the parameters (for the optimizer, train/eval mode, device moves).</summary>
        nn.Module Module { get; }

        /// <summary>Logits per task, in task order, for a [B, features] input.</summary>
        IReadOnlyList<Tensor> Forward(Tensor features);

        /// <summary>Parameters every task's loss reaches.</summary>
        IReadOnlyList<Tensor> SharedParameters { get; }

        /// <summary>The shared parameters nearest the heads (where GradNorm measures gradient norms); empty when nothing is shared.</summary>
        IReadOnlyList<Tensor> LastSharedParameters { get; }

        /// <summary>Parameters only task <paramref name="task"/>'s loss reaches (its part of the architecture and its head).</summary>
        IReadOnlyList<Tensor> TaskParameters(int task);

        /// <summary>The parameters of task <paramref name="task"/>'s head (the part of <see cref="TaskParameters"/> after the trunk).</summary>
        IReadOnlyList<Tensor> HeadParameters(int task);

        /// <summary>
        /// Tasks whose heads read a detached copy of their representation in training forward passes, so their loss trains
        /// their head only and no longer pulls on the shared parameters (per-task early stopping). Empty by default.
        /// </summary>
        ISet<int> DetachedTasks { get; }

        /// <summary>
        /// Ensemble members k (1 without ensembling). In training mode <see cref="Forward"/> returns k·B rows per task,
        /// member by member, so a task's labels are repeated k times and its loss sum divided by k.
        /// </summary>
        int EnsembleMembers { get; }

        /// <summary>A regularization term of the architecture added to the training loss, or null.</summary>
        Tensor? Penalty();
    }
}
