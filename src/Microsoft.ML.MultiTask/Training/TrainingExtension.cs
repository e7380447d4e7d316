using System;
using System.Collections.Generic;
using System.IO;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// The common side of everything an extension point builds for one Fit (a loss balancer, a gradient aggregator,
    /// a training strategy, a learning-rate schedule, an observer): state that a checkpoint saves and restores,
    /// trainable parameters the trainer optimizes (never exported), and a hook after every epoch.
    /// </summary>
    internal abstract class TrainingExtension : IDisposable
    {
        /// <summary>The checkpoint section this extension's state goes into; null when it keeps no state between steps.</summary>
        public virtual string? CheckpointSection => null;

        /// <summary>Parameters the trainer optimizes with the network's (no weight decay), checkpointed, never exported.</summary>
        public virtual IReadOnlyList<Tensor> Parameters => Array.Empty<Tensor>();

        /// <summary>Writes the state named by <see cref="CheckpointSection"/> (parameters are saved by the trainer).</summary>
        public virtual void WriteState(BinaryWriter writer)
        {
        }

        /// <summary>Restores what <see cref="WriteState"/> wrote.</summary>
        public virtual void ReadState(BinaryReader reader)
        {
        }

        /// <summary>Called after every epoch's training and validation, before early stopping decides.</summary>
        public virtual void OnEpochEnd(EpochEnd epoch)
        {
        }

        /// <summary>Releases the native memory of <see cref="Parameters"/>.</summary>
        public virtual void Dispose()
        {
            foreach (var parameter in Parameters)
            {
                parameter.Dispose();
            }
        }
    }
}
