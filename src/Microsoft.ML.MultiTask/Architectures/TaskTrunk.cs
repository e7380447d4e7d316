using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Architectures
{
    /// <summary>
    /// What an architecture builds: a module mapping the input to one representation per task (the task heads sit
    /// on top), which says which of its parameters all tasks share and which belong to one task, and writes
    /// itself as ONNX nodes.
    /// </summary>
    internal abstract class TaskTrunk : nn.Module<Tensor, Tensor[]>
    {
        private readonly List<GateOutput> _gates = new List<GateOutput>();

        protected TaskTrunk(string name)
            : base(name)
        {
        }

        /// <summary>The gates the last <see cref="AppendOnnx"/> exposed as graph outputs (empty for architectures without gates).</summary>
        public IReadOnlyList<GateOutput> Gates => _gates;

        /// <summary>Adds the trunk's nodes; gates it exposes are listed in <see cref="Gates"/>.</summary>
        public IReadOnlyList<string> AppendOnnx(OnnxGraphBuilder graph, string input)
        {
            _gates.Clear();
            return AppendTrunk(graph, input);
        }

        /// <summary>Ensemble members whose rows the trunk runs as one [k·B] batch (1 without ensembling); exposed gates are averaged over them.</summary>
        public int EnsembleMembers { get; set; } = 1;

        /// <summary>Width of each task's representation, in task order.</summary>
        public abstract IReadOnlyList<int> OutputSizes { get; }

        /// <summary>Parameters every task's loss reaches (what gradient methods combine).</summary>
        public abstract IReadOnlyList<Tensor> SharedParameters { get; }

        /// <summary>The shared parameters nearest the heads (GradNorm measures the tasks' gradient norms there). Default: all shared parameters.</summary>
        public virtual IReadOnlyList<Tensor> LastSharedParameters => SharedParameters;

        /// <summary>Parameters only task <paramref name="task"/>'s loss reaches.</summary>
        public abstract IReadOnlyList<Tensor> TaskParameters(int task);

        /// <summary>A regularization term added to the training loss (e.g. soft sharing's distance between towers), or null.</summary>
        public virtual Tensor? Penalty() => null;

        /// <summary>Adds the trunk's nodes after <paramref name="input"/>; returns each task's representation, in task order.</summary>
        protected abstract IReadOnlyList<string> AppendTrunk(OnnxGraphBuilder graph, string input);

        /// <summary>Makes a gate's weights ([N, experts]) a graph output named <c>gates/&lt;gate&gt;/&lt;level&gt;</c>.</summary>
        protected void ExposeGate(OnnxGraphBuilder graph, string weights, string gate, int level, IReadOnlyList<string> experts)
        {
            string name = $"gates/{gate}/{level}";
            if (EnsembleMembers > 1)
            {
                // [k·N, E] → [N, E]: a row's gate weights are the mean of its members' (the outputs have one row per input row).
                weights = new Ensembles.MeanAverage().AppendOnnx(graph, graph.Apply("Reshape", "member_gate", weights, graph.AddInt64s("shape", new[] { (long)EnsembleMembers, -1L, experts.Count }, 3)));
            }
            graph.AddNode("Identity", new[] { weights }, name);
            graph.AddOutput(name, OnnxElementType.Float, experts.Count);
            _gates.Add(new GateOutput(name, gate, level, experts));
        }

        /// <summary>The parameters of the modules, in a list (helper for <see cref="SharedParameters"/> and <see cref="TaskParameters"/>).</summary>
        protected static IReadOnlyList<Tensor> ParametersOf(params nn.Module[] modules)
            => modules.SelectMany(m => m.parameters()).Cast<Tensor>().ToArray();

        /// <summary>No parameters.</summary>
        protected static IReadOnlyList<Tensor> None => Array.Empty<Tensor>();
    }
}
