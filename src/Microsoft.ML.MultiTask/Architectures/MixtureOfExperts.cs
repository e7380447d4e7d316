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
    /// Multi-gate mixture of experts, MMoE (Ma et al., KDD 2018): <see cref="Experts"/> expert MLPs shared by all
    /// tasks; each task has a softmax gate over the experts computed from the input, and its head (tower) reads the
    /// gated sum. Tasks that are weakly related learn to use different experts, which limits negative transfer.
    /// <see cref="MultiTaskTransformer.ExpertUtilization"/> shows which experts each task's gate uses.
    /// </summary>
    public sealed class MixtureOfExperts : MultiTaskArchitecture
    {
        /// <summary>Above this many experts a softmax gate spreads its weight thinly; training warns.</summary>
        internal const int ManyExperts = 64;

        private int[] _expertLayers = { 64 };

        /// <summary>Number of experts, ≥ 1. Default 8 (the MMoE paper's census setting).</summary>
        public int Experts { get; set; } = 8;

        /// <summary>Sizes of each expert's hidden layers, at least one. Default <c>[64]</c>.</summary>
        public int[] ExpertLayers
        {
            get => _expertLayers;
            set => _expertLayers = value?.ToArray()!;
        }

        internal override void Validate(string optionName)
        {
            if (Experts < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Experts), Experts, $"{optionName}.{nameof(Experts)} must be >= 1; got {Experts}.");
            }
            LayerSizes.Check(_expertLayers, optionName + "." + nameof(ExpertLayers), allowEmpty: false);
        }

        internal override TaskTrunk Build(ArchitectureContext context)
        {
            if (Experts > ManyExperts)
            {
                context.Warn($"{nameof(MixtureOfExperts)} has {Experts} experts; a softmax gate over more than {ManyExperts} spreads its weight thinly. Check ExpertUtilization after training.");
            }
            return new Trunk(context, Experts, _expertLayers);
        }

        private sealed class Trunk : TaskTrunk
        {
            private readonly ModuleList<MultiLayerPerceptron> experts;
            private readonly ModuleList<MultiLayerPerceptron> gates;
            private readonly IReadOnlyList<string> _taskNames;
            private readonly int _width;

            public Trunk(ArchitectureContext context, int expertCount, IReadOnlyList<int> layers)
                : base(nameof(MixtureOfExperts))
            {
                experts = ExpertMixture.Experts("expert", expertCount, context.InputSize, layers, context);
                gates = nn.ModuleList(context.Tasks.Select((_, t) => ExpertMixture.Gate($"gate{t}", context.InputSize, expertCount)).ToArray());
                _taskNames = context.Tasks.Select(t => t.Name).ToArray();
                _width = layers[^1];
                RegisterComponents();
            }

            public override IReadOnlyList<int> OutputSizes => Enumerable.Repeat(_width, gates.Count).ToArray();

            public override IReadOnlyList<Tensor> SharedParameters => ParametersOf(experts);

            public override IReadOnlyList<Tensor> TaskParameters(int task) => ParametersOf(gates[task]);

            public override Tensor[] forward(Tensor input)
            {
                var outputs = ExpertMixture.Run(experts, input);
                return gates.Select(gate => ExpertMixture.Mix(ExpertMixture.Weights(gate, input), outputs)).ToArray();
            }

            protected override IReadOnlyList<string> AppendTrunk(OnnxGraphBuilder graph, string input)
            {
                var outputs = ExpertMixture.AppendRun(graph, experts, input);
                var names = Enumerable.Range(1, experts.Count).Select(e => $"expert {e}").ToArray();
                return gates.Select((gate, task) =>
                {
                    string weights = ExpertMixture.AppendWeights(graph, gate, input);
                    ExposeGate(graph, weights, _taskNames[task], 1, names);
                    return ExpertMixture.AppendMix(graph, weights, outputs);
                }).ToArray();
            }
        }
    }
}
