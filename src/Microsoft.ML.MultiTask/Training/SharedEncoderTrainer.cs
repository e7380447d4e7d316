using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Onnx;
using Microsoft.ML.MultiTask.Scoring;
using Microsoft.ML.MultiTask.Tasks;
using Microsoft.ML.MultiTask.Training;
using Microsoft.ML.Runtime;
using TorchSharp;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Trains one TorchSharp network with hard parameter sharing — a shared encoder and a head per
    /// task — on several label columns at once. Create it with
    /// <c>mlContext.MultiTask().Trainers.SharedEncoder(...)</c>; <see cref="Fit"/> returns a
    /// <see cref="MultiTaskTransformer"/> that adds every task's output columns.
    /// </summary>
    public sealed partial class SharedEncoderTrainer : IEstimator<MultiTaskTransformer>
    {
        private readonly MLContext _mlContext;
        private readonly Options _options;

        internal SharedEncoderTrainer(MLContext mlContext, Options options)
        {
            _mlContext = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            OptionsValidator.Validate(options);
        }

        /// <summary>Reads the data once, trains the network, and returns the fitted model.</summary>
        /// <param name="input">Training data with the feature column and every task's label column.</param>
        public MultiTaskTransformer Fit(IDataView input)
        {
            if (input == null)
            {
                throw new ArgumentNullException(nameof(input));
            }
            OptionsValidator.Validate(_options);
            var tasks = _options.Tasks.ToArray();
            var host = ((IHostEnvironment)_mlContext).Register(nameof(SharedEncoderTrainer));
            int seed = _options.Seed ?? host.Rand.Next();
            using var channel = host.Start("Training");

            var labelColumns = tasks.Select(t => t.GetLabelColumn(input.Schema, "training data")).ToArray();
            var training = DataSetReader.Read(input, _options.FeatureColumnName, labelColumns, (row, column, i) => tasks[i].CreateLabelReader(row, column),
                _options.ReplaceNonFiniteFeatures, null, _options.NormalizeFeatures, "training data", out var readers);
            var heads = tasks.Select((task, i) => task.CreateHead(readers[i], training.Labels(i))).ToArray();
            for (int i = 0; i < heads.Length; i++)
            {
                heads[i].PrepareLabels(training.Labels(i));
            }
            var validation = ReadValidation(heads, training.Scaling);
            channel.Info(MessageSensitivity.None,
                $"Read {training.RowCount} training rows, {training.Features.Width} features ({(training.Features is SparseFeatureMatrix ? "sparse" : "dense")}, density {training.Features.Density:0.###}), {tasks.Length} tasks; seed {seed}.");

            var device = DeviceSelector.Resolve(_options.Device, _mlContext.GpuDeviceId, _mlContext.FallbackToCpu, message => channel.Warning(MessageSensitivity.None, message));
            torch.random.manual_seed(seed);
            var network = new SharedEncoderNetwork(training.Features.Width, _options.SharedLayers,
                heads.Select(h => (IReadOnlyList<int>)(h.Definition.HeadLayers ?? _options.HeadLayers).Append(h.OutputSize).ToArray()).ToArray(),
                _options.Activation, _options.Dropout);
            try
            {
                network.to(device);
                var cancellation = new TrainingCancellation(_options.CancellationToken, host);
                var history = new TrainingLoop(network, heads, _options, device, seed, channel, cancellation, Fingerprint(training, network, seed)).Run(training, validation);
                network.eval();
                network.to(torch.CPU);
                return CreateTransformer(input, network, heads, training.Features.Width, training.Scaling, history);
            }
            catch
            {
                network.DisposeWithParameters();
                throw;
            }
        }

        /// <summary>The input schema plus every task's output columns, checked against the options.</summary>
        /// <param name="inputSchema">The schema of the data <see cref="Fit"/> would get.</param>
        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            OptionsValidator.Validate(_options);
            var features = inputSchema.FirstOrDefault(c => c.Name == _options.FeatureColumnName);
            if (features.Name == null)
            {
                throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Feature column '{_options.FeatureColumnName}' was not found in the input schema.");
            }
            if (features.Kind != SchemaShape.Column.VectorKind.Vector || features.ItemType != NumberDataViewType.Single)
            {
                throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Feature column '{_options.FeatureColumnName}' must be a known-size vector of Single.");
            }
            foreach (var task in _options.Tasks)
            {
                var label = inputSchema.FirstOrDefault(c => c.Name == task.LabelColumnName);
                if (label.Name == null || !task.IsSupportedLabelShape(label))
                {
                    throw new ArgumentOutOfRangeException(nameof(inputSchema),
                        label.Name == null
                            ? $"Label column '{task.LabelColumnName}' of task '{task.Name}' was not found in the input schema."
                            : $"Label column '{task.LabelColumnName}' of task '{task.Name}' has an unsupported type; expected {task.ExpectedLabelTypes}.");
                }
            }

            // The shape comes from the very transforms that score a fitted model, run over a zero-weight graph.
            var heads = _options.Tasks.Select(t => t.CreateShapeOnlyHead()).ToArray();
            var bytes = MultiTaskOnnxExporter.Export(new ShapeOnlyNetwork(1, heads.Select(h => h.OutputSize).ToArray()), heads,
                _options.FeatureColumnName, 1, null, false, out var outputs);
            string path = TemporaryGraphPath();
            File.WriteAllBytes(path, bytes);
            try
            {
                return ScoringChainBuilder.Create(_mlContext, path, _options.FeatureColumnName, outputs, null, false).GetOutputSchema(inputSchema);
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>What a checkpoint must match to be resumed: the data's size, the tasks, the network's shapes, the batch size and the seed.</summary>
        private string Fingerprint(MultiTaskDataSet training, SharedEncoderNetwork network, int seed)
            => $"{training.RowCount} rows × {training.Features.Width} features, tasks [{string.Join(", ", _options.Tasks.Select(t => $"{t.Name} ({t.Kind})"))}], " +
               $"parameter shapes [{string.Join(", ", network.parameters().Select(p => string.Join("×", p.shape)))}], batch size {_options.BatchSize}, seed {seed}";

        private MultiTaskDataSet? ReadValidation(IReadOnlyList<TaskHead> heads, FeatureScaling? scaling)
        {
            var data = _options.ValidationSet;
            if (data == null)
            {
                return null;
            }
            var columns = heads.Select(h => h.Definition.GetLabelColumn(data.Schema, "validation set")).ToArray();
            var set = DataSetReader.Read(data, _options.FeatureColumnName, columns, (row, column, i) => heads[i].CreateLabelReader(row, column),
                _options.ReplaceNonFiniteFeatures, scaling, false, "validation set", out _);
            for (int i = 0; i < heads.Count; i++)
            {
                heads[i].PrepareLabels(set.Labels(i));
            }
            return set;
        }

        private MultiTaskTransformer CreateTransformer(IDataView input, SharedEncoderNetwork network, IReadOnlyList<TaskHead> heads,
            int featureCount, FeatureScaling? scaling, TrainingHistory history)
        {
            var graph = MultiTaskOnnxExporter.Export(network, heads, _options.FeatureColumnName, featureCount, scaling, _options.ReplaceNonFiniteFeatures, out var outputs);
            string path = TemporaryGraphPath();
            File.WriteAllBytes(path, graph);
            try
            {
                // A context of its own keeps MLContext.GpuDeviceId (meant for training) away from ONNX Runtime,
                // whose CPU-only package cannot open a CUDA session.
                var fitted = ScoringChainBuilder.Create(new MLContext(), path, _options.FeatureColumnName, outputs, null, false).Fit(input);
                var chain = new TransformerChain<ITransformer>(fitted.ToArray());
                var batchScorer = new OnnxBatchScorer(graph, _options.FeatureColumnName, featureCount, outputs.Select(o => o.ColumnName).ToArray());
                return new MultiTaskTransformer(chain, path, graph, _options.FeatureColumnName, heads, network, scaling, history, batchScorer);
            }
            catch
            {
                File.Delete(path);
                throw;
            }
        }

        private string TemporaryGraphPath()
        {
            string folder = string.IsNullOrEmpty(_mlContext.TempFilePath) ? Path.GetTempPath() : _mlContext.TempFilePath;
            return Path.Combine(folder, $"multitask-{Guid.NewGuid():N}.onnx");
        }
    }
}
