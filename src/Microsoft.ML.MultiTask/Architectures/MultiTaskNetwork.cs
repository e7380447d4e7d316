using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Encodings;
using Microsoft.ML.MultiTask.Ensembles;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Architectures
{
    /// <summary>
    /// The whole network of a multi-task model: an optional feature encoder, the architecture's trunk (one
    /// representation per task), then one head MLP per task ending in that task's logits (which its task head may pick
    /// from, <see cref="Tasks.TaskHead.SelectLogits"/>); with ensembling, k members run through trunk and heads as one
    /// batch (<see cref="EnsembleAdapters"/>).
    /// </summary>
    internal sealed class MultiTaskNetwork : nn.Module<Tensor, Tensor[]>, IMultiTaskNetwork
    {
        private readonly FeatureEncoder? encoder;
        private readonly TaskTrunk trunk;
        private readonly ModuleList<MultiLayerPerceptron> heads;
        private readonly EnsembleAdapters? ensemble;
        private readonly IReadOnlyList<Tasks.TaskHead> _tasks;
        private IReadOnlyList<Tensor>? _shared;
        private IReadOnlyList<Tensor>? _lastShared;
        private IReadOnlyList<Tensor>?[]? _taskParameters;

        /// <param name="encoder">The feature encoder, or null to feed the scaled features to the trunk.</param>
        /// <param name="trunk">The architecture's shared part.</param>
        /// <param name="headLayers">Per task: sizes of its hidden layers followed by its output size.</param>
        /// <param name="activation">Activation after every hidden layer.</param>
        /// <param name="dropout">Dropout rate after every hidden layer.</param>
        /// <param name="ensemble">The ensemble members' adapters, or null for one member.</param>
        /// <param name="tasks">The tasks' heads, which turn each head's output into the task's logits.</param>
        public MultiTaskNetwork(FeatureEncoder? encoder, TaskTrunk trunk, IReadOnlyList<IReadOnlyList<int>> headLayers, Activation activation, double dropout, EnsembleAdapters? ensemble,
            IReadOnlyList<Tasks.TaskHead> tasks)
            : base(nameof(MultiTaskNetwork))
        {
            _tasks = tasks;
            this.encoder = encoder;
            this.trunk = trunk;
            heads = nn.ModuleList(headLayers.Select((sizes, i) => new MultiLayerPerceptron($"head{i}", trunk.OutputSizes[i], sizes, activation, dropout, activateLast: false)).ToArray());
            this.ensemble = ensemble;
            trunk.EnsembleMembers = ensemble?.Members ?? 1;
            RegisterComponents();
        }

        public nn.Module Module => this;

        /// <summary>The same list object on every call, so per-step caches keyed by it (task gradients) hit.</summary>
        public IReadOnlyList<Tensor> SharedParameters
            => _shared ??= (encoder == null ? Enumerable.Empty<Tensor>() : encoder.parameters()).Concat(ensemble?.InputParameters ?? Enumerable.Empty<Tensor>()).Concat(trunk.SharedParameters).ToArray();

        public IReadOnlyList<Tensor> LastSharedParameters => _lastShared ??= trunk.LastSharedParameters.Count > 0 || encoder == null ? trunk.LastSharedParameters : encoder.parameters().ToArray();

        public IReadOnlyList<Tensor> TaskParameters(int task)
            => (_taskParameters ??= new IReadOnlyList<Tensor>[heads.Count])[task] ??= trunk.TaskParameters(task).Concat(HeadParameters(task)).ToArray();

        public IReadOnlyList<Tensor> HeadParameters(int task)
            => heads[task].parameters().Cast<Tensor>().Concat(ensemble?.TaskParameters(task) ?? Enumerable.Empty<Tensor>()).ToArray();

        public int EnsembleMembers => ensemble?.Members ?? 1;

        public ISet<int> DetachedTasks { get; } = new HashSet<int>();

        public Tensor? Penalty() => trunk.Penalty();

        /// <summary>The gates the last export exposed as graph outputs.</summary>
        public IReadOnlyList<GateOutput> Gates => trunk.Gates;

        public override Tensor[] forward(Tensor input)
        {
            var features = encoder == null ? input : encoder.forward(input);
            var representations = trunk.forward(ensemble == null ? features : ensemble.Expand(features));
            return heads.Select((head, task) =>
            {
                var outputs = head.forward(DetachedTasks.Contains(task) ? representations[task].detach() : representations[task]);
                return _tasks[task].SelectLogits(ensemble == null ? outputs : ensemble.Output(task, outputs), input);
            }).ToArray();
        }

        public IReadOnlyList<Tensor> Forward(Tensor features) => forward(features);

        public IReadOnlyList<string> AppendOnnx(OnnxGraphBuilder graph, string features)
        {
            string encoded = encoder == null ? features : encoder.AppendOnnx(graph, features);
            var representations = trunk.AppendOnnx(graph, ensemble == null ? encoded : ensemble.AppendExpand(graph, encoded));
            return heads.Select((head, task) =>
            {
                string outputs = head.AppendOnnx(graph, representations[task]);
                return _tasks[task].AppendSelectLogits(graph, ensemble == null ? outputs : ensemble.AppendOutput(graph, task, outputs), features);
            }).ToArray();
        }
    }
}
