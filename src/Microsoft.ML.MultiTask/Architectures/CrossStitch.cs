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
    /// Cross-stitch networks (Misra et al., CVPR 2016): a tower per task, and after each hidden layer a learned
    /// T×T matrix α mixes the towers' activations, h′_t = Σ_s α_ts·h_s, so the network learns how much each layer
    /// shares. α starts near the identity: 1 − <see cref="OffDiagonal"/> on the diagonal, the rest spread evenly over a
    /// row. The α matrices are the shared parameters (what gradient methods combine).
    /// </summary>
    public sealed class CrossStitch : MultiTaskArchitecture
    {
        private int[] _towerLayers = { 128, 64 };

        /// <summary>Sizes of each task tower's hidden layers, at least one; a cross-stitch unit follows each. Default <c>[128, 64]</c>.</summary>
        public int[] TowerLayers
        {
            get => _towerLayers;
            set => _towerLayers = value?.ToArray()!;
        }

        /// <summary>The initial weight of the other towers in each row of α, in [0, 1). Default 0.1 (the paper's 0.9/0.1 start).</summary>
        public double OffDiagonal { get; set; } = 0.1;

        internal override void Validate(string optionName)
        {
            LayerSizes.Check(_towerLayers, optionName + "." + nameof(TowerLayers), allowEmpty: false);
            if (!(OffDiagonal >= 0 && OffDiagonal < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(OffDiagonal), OffDiagonal, $"{optionName}.{nameof(OffDiagonal)} must be in [0, 1); got {OffDiagonal}.");
            }
        }

        internal override TaskTrunk Build(ArchitectureContext context) => new Trunk(context, _towerLayers, OffDiagonal);

        private sealed class Trunk : TaskTrunk
        {
            private readonly ModuleList<ModuleList<MultiLayerPerceptron>> layers;
            private readonly ParameterList stitches;
            private readonly int _tasks;
            private readonly int _width;

            public Trunk(ArchitectureContext context, IReadOnlyList<int> sizes, double offDiagonal)
                : base(nameof(CrossStitch))
            {
                _tasks = context.TaskCount;
                _width = sizes[^1];
                // Layer-major: all towers' first layers, then the second ones; each layer is followed by a stitch.
                layers = nn.ModuleList(sizes.Select((size, l) => nn.ModuleList(Enumerable.Range(0, _tasks).Select(t =>
                    new MultiLayerPerceptron($"tower{t}_layer{l}", l == 0 ? context.InputSize : sizes[l - 1], new[] { size }, context.Activation, context.Dropout, activateLast: true)).ToArray())).ToArray());
                float off = _tasks > 1 ? (float)(offDiagonal / (_tasks - 1)) : 0f;
                var initial = Enumerable.Range(0, _tasks * _tasks).Select(i => i / _tasks == i % _tasks ? (float)(1 - (_tasks > 1 ? offDiagonal : 0)) : off).ToArray();
                stitches = nn.ParameterList(sizes.Select(_ => nn.Parameter(tensor(initial, new long[] { _tasks, _tasks }))).ToArray());
                RegisterComponents();
            }

            public override IReadOnlyList<int> OutputSizes => Enumerable.Repeat(_width, _tasks).ToArray();

            public override IReadOnlyList<Tensor> SharedParameters => stitches.Cast<Tensor>().ToArray();

            public override IReadOnlyList<Tensor> TaskParameters(int task) => ParametersOf(layers.Select(layer => (nn.Module)layer[task]).ToArray());

            public override Tensor[] forward(Tensor input)
            {
                var h = Enumerable.Repeat(input, _tasks).ToArray();
                for (int l = 0; l < layers.Count; l++)
                {
                    var activations = stack(layers[l].Select((layer, t) => layer.forward(h[t])).ToArray());
                    // [T, T] × [T, B·d]: row t of α mixes the towers into tower t's next input.
                    var mixed = stitches[l].matmul(activations.flatten(1)).view(activations.shape);
                    h = Enumerable.Range(0, _tasks).Select(t => mixed[t]).ToArray();
                }
                return h;
            }

            protected override IReadOnlyList<string> AppendTrunk(OnnxGraphBuilder graph, string input)
            {
                var h = Enumerable.Repeat(input, _tasks).ToArray();
                for (int l = 0; l < layers.Count; l++)
                {
                    var activations = layers[l].Select((layer, t) => layer.AppendOnnx(graph, h[t])).ToArray();
                    var alpha = Training.TensorValues.Of(stitches[l]);
                    h = Enumerable.Range(0, _tasks).Select(t =>
                    {
                        string? sum = null;
                        for (int s = 0; s < _tasks; s++)
                        {
                            string term = graph.Apply("Mul", "stitch", activations[s], graph.AddFloats("alpha", new[] { alpha[(t * _tasks) + s] }, 1));
                            sum = sum == null ? term : graph.Apply("Add", "stitched", sum, term);
                        }
                        return sum!;
                    }).ToArray();
                }
                return h;
            }
        }
    }
}
