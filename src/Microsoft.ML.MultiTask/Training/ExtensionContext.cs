using System.Collections.Generic;
using Microsoft.ML.MultiTask.Architectures;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>What an extension point's implementation is built with: the tasks, the network, the device, and the run's length.</summary>
    internal sealed class ExtensionContext
    {
        public ExtensionContext(IReadOnlyList<TaskDefinition> tasks, IReadOnlyList<int> labelledRows, IMultiTaskNetwork network, Device device,
            int maxEpochs, int stepsPerEpoch, int seed, string optionPrefix)
        {
            Seed = seed;
            Tasks = tasks;
            LabelledRows = labelledRows;
            Network = network;
            Device = device;
            MaxEpochs = maxEpochs;
            StepsPerEpoch = stepsPerEpoch;
            OptionPrefix = optionPrefix;
        }

        public IReadOnlyList<TaskDefinition> Tasks { get; }

        public int TaskCount => Tasks.Count;

        /// <summary>Training rows with a label, per task.</summary>
        public IReadOnlyList<int> LabelledRows { get; }

        public IMultiTaskNetwork Network { get; }

        public Device Device { get; }

        public int MaxEpochs { get; }

        /// <summary>Optimizer steps (minibatches) per epoch.</summary>
        public int StepsPerEpoch { get; }

        /// <summary>The run's seed (for <see cref="DeterministicRandom"/>).</summary>
        public int Seed { get; }

        /// <summary>The step's position in the whole run, from 0.</summary>
        public long Position(int epoch, int stepInEpoch) => ((long)(epoch - 1) * StepsPerEpoch) + stepInEpoch;

        /// <summary>Optimizer steps in the whole run.</summary>
        public long TotalSteps => (long)MaxEpochs * StepsPerEpoch;

        /// <summary><c>Options.</c>, for messages that name an option.</summary>
        public string OptionPrefix { get; }
    }
}
