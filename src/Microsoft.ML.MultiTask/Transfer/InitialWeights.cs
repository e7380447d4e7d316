using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.MultiTask.Scoring;
using Microsoft.ML.MultiTask.Transfer;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// A trained model's network to start a new training from (<see cref="MultiTaskTrainer.Options.InitialWeights"/>): warm
    /// starts, fine-tuning on new data, and adding tasks to a model. Every tensor of the new network whose path the initial
    /// model has is copied (shapes must match); the rest — the heads of added tasks — start fresh. The initial model's tasks
    /// must come first in the new options, in the same order, with the same names and kinds; tasks added after them get new
    /// heads. The architecture and its sizes must be the same. The new training reads its features as the initial model did
    /// (its feature scaling and its encodings' fitted statistics); regression labels are standardized on the new data. With
    /// the copied weights frozen and the same tasks, the new model predicts exactly as the initial one.
    /// </summary>
    public sealed class InitialWeights
    {
        private readonly NetworkState _state;
        private readonly ModelMetadata _metadata;

        private InitialWeights(NetworkState state, ModelMetadata metadata, string source)
        {
            _state = state;
            _metadata = metadata;
            Source = source;
        }

        /// <summary>The stored tensors by path.</summary>
        internal NetworkState State => _state;

        /// <summary>Where the weights come from: a fitted model, or a zip's path.</summary>
        public string Source { get; }

        /// <summary>The initial model's tasks, in order.</summary>
        public IReadOnlyList<string> TaskNames => _metadata.Tasks.Select(t => t.Name).ToArray();

        /// <summary>The width of the feature vector the initial model reads.</summary>
        public int FeatureCount => _metadata.FeatureCount;

        /// <summary>The weights of a fitted model, in this process.</summary>
        /// <param name="model">A model this library fitted (or loaded with <c>LoadModel</c>'s <c>LastTransformer</c> is not one: use <see cref="FromFile"/>).</param>
        public static InitialWeights FromModel(MultiTaskTransformer model)
        {
            if (model == null)
            {
                throw new ArgumentNullException(nameof(model));
            }
            return Read(model.OnnxGraph, "the fitted model");
        }

        /// <summary>The weights stored in a model zip saved with <c>mlContext.Model.Save</c>.</summary>
        /// <param name="path">The model zip.</param>
        /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
        /// <exception cref="InvalidDataException">The file is not a multi-task model zip, or predates stored weights.</exception>
        public static InitialWeights FromFile(string path)
        {
            using var stream = ModelMetadata.OpenZip(path);
            ModelMetadata.Read(stream, path, out var graph);
            return Read(graph, $"'{path}'");
        }

        /// <inheritdoc/>
        public override string ToString() => $"InitialWeights({Source}: {string.Join(", ", TaskNames)}; {_state.Tensors.Count} tensors)";

        private static InitialWeights Read(byte[] graph, string source)
        {
            var metadata = ModelMetadata.FromGraph(graph);
            string? state = Onnx.OnnxMetadataReader.Find(graph, NetworkState.MetadataKey);
            if (metadata == null || state == null)
            {
                throw new InvalidDataException($"{source} holds no network weights to start from: it was saved by a version of Microsoft.ML.MultiTask before they were stored. Train it again to use it as initial weights.");
            }
            return new InitialWeights(NetworkState.Read(state, graph), metadata, source);
        }

        private const string Option = nameof(MultiTaskTrainer.Options) + "." + nameof(MultiTaskTrainer.Options.InitialWeights);

        /// <summary>The feature scaling the initial model was trained behind (the new training uses it), or null for none.</summary>
        internal Data.FeatureScaling? Scaling => _state.Scaling;

        /// <summary>Checks that the training data's feature vector is as wide as the initial model's.</summary>
        internal void CheckFeatureCount(DataViewSchema schema, string featureColumnName)
        {
            int width = schema.GetColumnOrNull(featureColumnName)?.Type is Microsoft.ML.Data.VectorDataViewType vector ? vector.Size : -1;
            if (width >= 0 && width != FeatureCount)
            {
                throw new ArgumentException($"{Option}: the initial model reads {FeatureCount} features, this training data has {width}. Featurize the new data with the initial model's featurization (its fitted pipeline) so the features line up.");
            }
        }

        /// <summary>
        /// Checks the new training against the initial model and copies every tensor the initial model has into
        /// <paramref name="network"/>; returns the copied parameters (for freezing and their learning rate).
        /// </summary>
        internal IReadOnlyList<Tensor> CopyInto(nn.Module network, IReadOnlyList<TaskDefinition> tasks, Action<string> info)
        {
            if (tasks.Count < _metadata.Tasks.Count)
            {
                throw new ArgumentException($"{Option}: the initial model has {_metadata.Tasks.Count} tasks ({string.Join(", ", TaskNames)}); give all of them first, then any new task.");
            }
            for (int i = 0; i < _metadata.Tasks.Count; i++)
            {
                var was = _metadata.Tasks[i];
                if (tasks[i].Name != was.Name || tasks[i].Kind != was.Kind)
                {
                    throw new ArgumentException($"{Option}: task {i + 1} is '{was.Name}' ({was.Kind}) in the initial model but '{tasks[i].Name}' ({tasks[i].Kind}) here. Give the initial model's tasks first, in its order, then new tasks.");
                }
            }
            var targets = network.named_parameters().Select(p => (p.name, Tensor: (Tensor)p.parameter, IsParameter: true))
                .Concat(network.named_buffers().Select(b => (b.name, Tensor: b.buffer, IsParameter: false))).ToList();
            var names = targets.Select(t => t.name).ToHashSet(StringComparer.Ordinal);
            var missing = _state.Tensors.Keys.Where(name => !names.Contains(name)).ToList();
            if (missing.Count > 0)
            {
                throw new ArgumentException($"{Option}: the initial model's tensor '{missing[0]}' has no counterpart in this network ({missing.Count} such); the architecture differs. Use the initial model's architecture and sizes.");
            }
            var copied = new List<Tensor>();
            using (no_grad())
            {
                foreach (var (name, target, isParameter) in targets)
                {
                    if (!_state.Tensors.TryGetValue(name, out var source))
                    {
                        continue;
                    }
                    if (!source.Shape.SequenceEqual(target.shape))
                    {
                        throw new ArgumentException($"{Option}: '{name}' is [{string.Join(", ", source.Shape)}] in the initial model but [{string.Join(", ", target.shape)}] here; the architecture's sizes (or, for a layer that mixes tasks, the number of tasks) differ.");
                    }
                    using var values = tensor(source.Values, source.Shape);
                    target.copy_(values);
                    if (isParameter)
                    {
                        copied.Add(target);
                    }
                }
            }
            int fresh = targets.Count(t => t.IsParameter) - copied.Count;
            info($"Initial weights from {Source}: copied {copied.Count} parameter tensors ({copied.Sum(t => t.numel()):N0} values); {fresh} start fresh{(tasks.Count > _metadata.Tasks.Count ? $" (tasks added: {string.Join(", ", tasks.Skip(_metadata.Tasks.Count).Select(t => t.Name))})" : string.Empty)}.");
            return copied;
        }
    }
}
