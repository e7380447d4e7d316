using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Soft parameter sharing (Duong et al., ACL 2015; Yang &amp; Hospedales 2017): each task has its own tower of the same
    /// shape, and the training loss adds λ·Σ_layers Σ_tasks ‖W_t − W̄‖² (weights and biases; W̄ the tasks' mean), which
    /// pulls corresponding layers together. λ = 0 gives independent towers; a large λ approaches hard sharing. No
    /// parameter is shared, so gradient methods (<see cref="MultiTaskTrainer.Options.GradientAggregation"/>) do not apply.
    /// </summary>
    public sealed class SoftSharing : MultiTaskArchitecture
    {
        private int[] _towerLayers = { 128, 64 };

        /// <summary>Sizes of each task tower's hidden layers, at least one. Default <c>[128, 64]</c>.</summary>
        public int[] TowerLayers
        {
            get => _towerLayers;
            set => _towerLayers = value?.ToArray()!;
        }

        /// <summary>λ, the weight of the squared distance between the towers, ≥ 0. Default 0.01.</summary>
        public double Lambda { get; set; } = 0.01;

        internal override void Validate(string optionName)
        {
            LayerSizes.Check(_towerLayers, optionName + "." + nameof(TowerLayers), allowEmpty: false);
            if (!(Lambda >= 0) || double.IsInfinity(Lambda))
            {
                throw new ArgumentOutOfRangeException(nameof(Lambda), Lambda, $"{optionName}.{nameof(Lambda)} must be a finite number >= 0 (0 gives independent towers); got {Lambda}.");
            }
        }

        internal override TaskTrunk Build(ArchitectureContext context) => new Trunk(context, _towerLayers, Lambda);

        private sealed class Trunk : TaskTrunk
        {
            private readonly ModuleList<MultiLayerPerceptron> towers;
            private readonly double _lambda;
            private readonly int _width;

            public Trunk(ArchitectureContext context, IReadOnlyList<int> layers, double lambda)
                : base(nameof(SoftSharing))
            {
                towers = nn.ModuleList(context.Tasks.Select((_, t) => new MultiLayerPerceptron($"tower{t}", context.InputSize, layers, context.Activation, context.Dropout, activateLast: true)).ToArray());
                _lambda = lambda;
                _width = layers[^1];
                RegisterComponents();
            }

            public override IReadOnlyList<int> OutputSizes => Enumerable.Repeat(_width, towers.Count).ToArray();

            public override IReadOnlyList<Tensor> SharedParameters => None;

            public override IReadOnlyList<Tensor> TaskParameters(int task) => ParametersOf(towers[task]);

            /// <summary>λ·Σ over corresponding parameters of ‖p_t − mean_t p_t‖², summed over the tasks.</summary>
            public override Tensor? Penalty()
            {
                if (_lambda == 0 || towers.Count < 2)
                {
                    return null;
                }
                var perTask = towers.Select(t => t.parameters().ToArray()).ToArray();
                Tensor? total = null;
                for (int p = 0; p < perTask[0].Length; p++)
                {
                    var stacked = stack(perTask.Select(parameters => (Tensor)parameters[p]).ToArray());
                    var distance = stacked.sub(stacked.mean(new long[] { 0 }, keepdim: true)).square().sum();
                    total = total is null ? distance : total + distance;
                }
                using var lambda = _lambda.ToScalar();
                return total!.mul(lambda);
            }

            public override Tensor[] forward(Tensor input) => towers.Select(tower => tower.forward(input)).ToArray();

            protected override IReadOnlyList<string> AppendTrunk(OnnxGraphBuilder graph, string input)
                => towers.Select(tower => tower.AppendOnnx(graph, input)).ToArray();
        }
    }
}
