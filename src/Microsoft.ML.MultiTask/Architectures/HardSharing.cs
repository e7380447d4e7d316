using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Hard parameter sharing (Caruana 1997): one encoder MLP that every task shares, then each task's head.
    /// The default architecture; the cheapest, and the strongest when the tasks are related.
    /// </summary>
    public sealed class HardSharing : MultiTaskArchitecture
    {
        private int[] _sharedLayers = { 128, 64 };

        /// <summary>Sizes of the shared encoder's hidden layers, input side first. Default <c>[128, 64]</c>; empty feeds the features straight to the heads.</summary>
        public int[] SharedLayers
        {
            get => _sharedLayers;
            set => _sharedLayers = value?.ToArray()!;
        }

        internal override void Validate(string optionName) => LayerSizes.Check(_sharedLayers, optionName + "." + nameof(SharedLayers), allowEmpty: true);

        internal override TaskTrunk Build(ArchitectureContext context) => new Trunk(context, _sharedLayers);

        private sealed class Trunk : TaskTrunk
        {
            private readonly MultiLayerPerceptron encoder;
            private readonly int _taskCount;

            public Trunk(ArchitectureContext context, IReadOnlyList<int> sharedLayers)
                : base(nameof(HardSharing))
            {
                encoder = new MultiLayerPerceptron("encoder", context.InputSize, sharedLayers, context.Activation, context.Dropout, activateLast: true);
                _taskCount = context.TaskCount;
                RegisterComponents();
            }

            public override IReadOnlyList<int> OutputSizes => Enumerable.Repeat(encoder.OutputSize, _taskCount).ToArray();

            public override IReadOnlyList<Tensor> SharedParameters => ParametersOf(encoder);

            public override IReadOnlyList<Tensor> LastSharedParameters => encoder.LastLayerParameters;

            public override IReadOnlyList<Tensor> TaskParameters(int task) => None;

            public override Tensor[] forward(Tensor input)
            {
                var shared = encoder.forward(input);
                return Enumerable.Repeat(shared, _taskCount).ToArray();
            }

            protected override IReadOnlyList<string> AppendTrunk(OnnxGraphBuilder graph, string input)
                => Enumerable.Repeat(encoder.AppendOnnx(graph, input), _taskCount).ToArray();
        }
    }
}
