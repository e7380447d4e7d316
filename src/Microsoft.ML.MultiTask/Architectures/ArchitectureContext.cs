using System;
using System.Collections.Generic;

namespace Microsoft.ML.MultiTask.Architectures
{
    /// <summary>What an architecture needs to know to build its layers.</summary>
    internal sealed class ArchitectureContext
    {
        public ArchitectureContext(int inputSize, IReadOnlyList<TaskDefinition> tasks, Activation activation, double dropout, Action<string>? warn = null)
        {
            Warn = warn ?? (_ => { });
            InputSize = inputSize;
            Tasks = tasks;
            Activation = activation;
            Dropout = dropout;
        }

        /// <summary>Width of the architecture's input: the features after scaling and encoding.</summary>
        public int InputSize { get; }

        public IReadOnlyList<TaskDefinition> Tasks { get; }

        public int TaskCount => Tasks.Count;

        /// <summary>The activation after every hidden layer.</summary>
        public Activation Activation { get; }

        /// <summary>Writes a warning to the training log (e.g. a setting that works but is unwise).</summary>
        public Action<string> Warn { get; }

        /// <summary>The dropout rate after every hidden layer.</summary>
        public double Dropout { get; }
    }
}
