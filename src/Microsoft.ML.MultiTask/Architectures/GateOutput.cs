using System.Collections.Generic;

namespace Microsoft.ML.MultiTask.Architectures
{
    /// <summary>A gate's softmax weights exposed as an extra output of the ONNX graph (no ML.NET column), for expert utilization.</summary>
    internal sealed class GateOutput
    {
        public GateOutput(string outputName, string gate, int level, IReadOnlyList<string> experts)
        {
            OutputName = outputName;
            Gate = gate;
            Level = level;
            Experts = experts;
        }

        /// <summary>The graph output's name.</summary>
        public string OutputName { get; }

        /// <summary>Whose gate: a task's name, or "shared".</summary>
        public string Gate { get; }

        /// <summary>The level, from 1 (MMoE has one).</summary>
        public int Level { get; }

        /// <summary>The experts the gate weighs, in output-slot order.</summary>
        public IReadOnlyList<string> Experts { get; }
    }
}
