using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask
{
    /// <summary>One stage of <see cref="ProgressiveTraining"/>: the tasks it trains, for how many epochs.</summary>
    public sealed class TrainingStage
    {
        /// <param name="epochs">Epochs of the stage, ≥ 1 (the last stage runs on until MaxEpochs).</param>
        /// <param name="tasks">The names of the tasks it trains, at least one.</param>
        public TrainingStage(int epochs, params string[] tasks)
        {
            Epochs = epochs;
            Tasks = (tasks ?? throw new ArgumentNullException(nameof(tasks))).ToArray();
        }

        /// <summary>Epochs of the stage.</summary>
        public int Epochs { get; }

        /// <summary>The names of the tasks the stage trains.</summary>
        public IReadOnlyList<string> Tasks { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{Epochs} epochs: {string.Join(", ", Tasks)}";
    }
}
