using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Progressive layered extraction, PLE (Tang et al., RecSys 2020). Each level has experts of each task and shared
    /// experts; a task's gate mixes its own and the shared experts, and (below the last level) a shared gate mixes all
    /// of them into the input of the next level's shared experts, while each task's mixture feeds its own experts.
    /// One level is the paper's customized gate control (CGC). Separating task-specific from shared experts reduces the
    /// "seesaw" of MMoE, where one task improves at another's expense.
    /// </summary>
    public sealed class ProgressiveLayeredExtraction : MultiTaskArchitecture
    {
        private int[] _expertLayers = { 64 };

        /// <summary>Extraction levels, ≥ 1; 1 is CGC. Default 2.</summary>
        public int Levels { get; set; } = 2;

        /// <summary>Shared experts per level, ≥ 1. Default 2.</summary>
        public int SharedExperts { get; set; } = 2;

        /// <summary>Experts of each task per level, ≥ 1. Default 2.</summary>
        public int TaskExperts { get; set; } = 2;

        /// <summary>Sizes of each expert's hidden layers, at least one. Default <c>[64]</c>.</summary>
        public int[] ExpertLayers
        {
            get => _expertLayers;
            set => _expertLayers = value?.ToArray()!;
        }

        internal override void Validate(string optionName)
        {
            foreach (var (value, name) in new[] { (Levels, nameof(Levels)), (SharedExperts, nameof(SharedExperts)), (TaskExperts, nameof(TaskExperts)) })
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException(name, value, $"{optionName}.{name} must be >= 1; got {value}.");
                }
            }
            LayerSizes.Check(_expertLayers, optionName + "." + nameof(ExpertLayers), allowEmpty: false);
        }

        internal override TaskTrunk Build(ArchitectureContext context)
        {
            int gated = (context.TaskCount * TaskExperts) + SharedExperts;
            if (gated > MixtureOfExperts.ManyExperts)
            {
                context.Warn($"{nameof(ProgressiveLayeredExtraction)}'s shared gate mixes {gated} experts; a softmax gate over more than {MixtureOfExperts.ManyExperts} spreads its weight thinly. Check ExpertUtilization after training.");
            }
            return new Trunk(context, this);
        }

        /// <summary>One level: each task's experts and gate, the shared experts, and the shared gate (null at the last level).</summary>
        private sealed class Level : nn.Module
        {
            public readonly ModuleList<ModuleList<MultiLayerPerceptron>> taskExperts;
            public readonly ModuleList<MultiLayerPerceptron> taskGates;
            public readonly ModuleList<MultiLayerPerceptron> sharedExperts;
            public readonly MultiLayerPerceptron? sharedGate;

            public Level(string name, ArchitectureContext context, ProgressiveLayeredExtraction options, int inputSize, bool last)
                : base(name)
            {
                int tasks = context.TaskCount;
                taskExperts = nn.ModuleList(Enumerable.Range(0, tasks).Select(t => ExpertMixture.Experts($"task{t}_expert", options.TaskExperts, inputSize, options._expertLayers, context)).ToArray());
                sharedExperts = ExpertMixture.Experts("shared_expert", options.SharedExperts, inputSize, options._expertLayers, context);
                taskGates = nn.ModuleList(Enumerable.Range(0, tasks).Select(t => ExpertMixture.Gate($"task{t}_gate", inputSize, options.TaskExperts + options.SharedExperts)).ToArray());
                sharedGate = last ? null : ExpertMixture.Gate("shared_gate", inputSize, (tasks * options.TaskExperts) + options.SharedExperts);
                RegisterComponents();
            }
        }

        private sealed class Trunk : TaskTrunk
        {
            private readonly ModuleList<Level> levels;
            private readonly IReadOnlyList<string> _taskNames;
            private readonly int _width;

            public Trunk(ArchitectureContext context, ProgressiveLayeredExtraction options)
                : base(nameof(ProgressiveLayeredExtraction))
            {
                _width = options._expertLayers[^1];
                levels = nn.ModuleList(Enumerable.Range(0, options.Levels)
                    .Select(l => new Level($"level{l}", context, options, l == 0 ? context.InputSize : _width, l == options.Levels - 1)).ToArray());
                _taskNames = context.Tasks.Select(t => t.Name).ToArray();
                RegisterComponents();
            }

            public override IReadOnlyList<int> OutputSizes => Enumerable.Repeat(_width, _taskNames.Count).ToArray();

            public override IReadOnlyList<Tensor> SharedParameters
                => levels.SelectMany(l => l.sharedGate == null ? ParametersOf(l.sharedExperts) : ParametersOf(l.sharedExperts, l.sharedGate)).ToArray();

            public override IReadOnlyList<Tensor> TaskParameters(int task) => levels.SelectMany(l => ParametersOf(l.taskExperts[task], l.taskGates[task])).ToArray();

            public override Tensor[] forward(Tensor input)
            {
                var taskInputs = Enumerable.Repeat(input, _taskNames.Count).ToArray();
                var sharedInput = input;
                foreach (var level in levels)
                {
                    var shared = ExpertMixture.Run(level.sharedExperts, sharedInput);
                    var own = level.taskExperts.Select((experts, t) => ExpertMixture.Run(experts, taskInputs[t])).ToArray();
                    var next = level.taskGates.Select((gate, t) => ExpertMixture.Mix(ExpertMixture.Weights(gate, taskInputs[t]), own[t].Concat(shared).ToArray())).ToArray();
                    if (level.sharedGate != null)
                    {
                        sharedInput = ExpertMixture.Mix(ExpertMixture.Weights(level.sharedGate, sharedInput), own.SelectMany(o => o).Concat(shared).ToArray());
                    }
                    taskInputs = next;
                }
                return taskInputs;
            }

            protected override IReadOnlyList<string> AppendTrunk(OnnxGraphBuilder graph, string input)
            {
                var taskInputs = Enumerable.Repeat(input, _taskNames.Count).ToArray();
                var sharedInput = input;
                for (int l = 0; l < levels.Count; l++)
                {
                    var level = levels[l];
                    var shared = ExpertMixture.AppendRun(graph, level.sharedExperts, sharedInput);
                    var own = level.taskExperts.Select((experts, t) => ExpertMixture.AppendRun(graph, experts, taskInputs[t])).ToArray();
                    var sharedNames = Names("shared", shared.Length);
                    var next = new string[_taskNames.Count];
                    for (int t = 0; t < _taskNames.Count; t++)
                    {
                        string weights = ExpertMixture.AppendWeights(graph, level.taskGates[t], taskInputs[t]);
                        ExposeGate(graph, weights, _taskNames[t], l + 1, Names(_taskNames[t], own[t].Length).Concat(sharedNames).ToArray());
                        next[t] = ExpertMixture.AppendMix(graph, weights, own[t].Concat(shared).ToArray());
                    }
                    if (level.sharedGate != null)
                    {
                        string weights = ExpertMixture.AppendWeights(graph, level.sharedGate, sharedInput);
                        ExposeGate(graph, weights, "shared", l + 1, _taskNames.SelectMany((name, t) => Names(name, own[t].Length)).Concat(sharedNames).ToArray());
                        sharedInput = ExpertMixture.AppendMix(graph, weights, own.SelectMany(o => o).Concat(shared).ToArray());
                    }
                    taskInputs = next;
                }
                return taskInputs;
            }

            private static string[] Names(string owner, int count) => Enumerable.Range(1, count).Select(i => $"{owner} {i}").ToArray();
        }
    }
}
