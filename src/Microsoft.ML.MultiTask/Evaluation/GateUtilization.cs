using System.Collections.Generic;

namespace Microsoft.ML.MultiTask
{
    /// <summary>How much weight one gate of a mixture-of-experts model gives each expert, on average over a data set.</summary>
    public sealed class GateUtilization
    {
        internal GateUtilization(string gate, int level, IReadOnlyList<string> experts, IReadOnlyList<double> meanWeights)
        {
            Gate = gate;
            Level = level;
            Experts = experts;
            MeanWeights = meanWeights;
        }

        /// <summary>Whose gate: a task's name, or <c>"shared"</c> (a PLE level's shared gate).</summary>
        public string Gate { get; }

        /// <summary>The level, from 1 (MMoE has one level; PLE has <see cref="ProgressiveLayeredExtraction.Levels"/>).</summary>
        public int Level { get; }

        /// <summary>The experts the gate mixes, e.g. <c>"expert 3"</c>, <c>"shared 1"</c> or <c>"Income 2"</c>.</summary>
        public IReadOnlyList<string> Experts { get; }

        /// <summary>The mean softmax weight of each expert over the rows; they sum to 1.</summary>
        public IReadOnlyList<double> MeanWeights { get; }
    }
}
