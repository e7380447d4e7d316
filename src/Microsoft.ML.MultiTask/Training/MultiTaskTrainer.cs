using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Encodings;
using Microsoft.ML.MultiTask.Ensembles;
using Microsoft.ML.MultiTask.Onnx;
using Microsoft.ML.MultiTask.Scoring;
using Microsoft.ML.MultiTask.Tasks;
using Microsoft.ML.MultiTask.Training;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Trains one TorchSharp network with hard parameter sharing — a shared encoder and a head per
    /// task — on several label columns at once. Create it with
    /// <c>mlContext.MultiTask().Trainers.SharedEncoder(...)</c>; <see cref="Fit"/> returns a
    /// <see cref="MultiTaskTransformer"/> that adds every task's output columns.
    /// </summary>
    public sealed partial class MultiTaskTrainer : IEstimator<MultiTaskTransformer>
    {
        private readonly MLContext _mlContext;
        private readonly Options _options;

        internal MultiTaskTrainer(MLContext mlContext, Options options)
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
            var host = ((IHostEnvironment)_mlContext).Register(nameof(MultiTaskTrainer));
            int seed = _options.Seed ?? host.Rand.Next();
            using var channel = host.Start("Training");

            var labelColumns = tasks.Select(t => t.GetLabelColumn(input.Schema, "training data")).ToArray();
            // A model that starts from another one sees its features scaled as that one did: the copied weights expect it.
            var initial = _options.InitialWeights;
            initial?.CheckFeatureCount(input.Schema, _options.FeatureColumnName);
            var training = DataSetReader.Read(input, _options.FeatureColumnName, _options.ExampleWeightColumnName, labelColumns, (row, column, i) => tasks[i].CreateLabelReader(row, column),
                _options.ReplaceNonFiniteFeatures, initial?.Scaling, initial == null && _options.NormalizeFeatures, "training data", out var readers, tasks.SelectMany(t => t.ContextColumns(input.Schema, "training data")), _options.FeatureStorage);
            MultiTaskDataSet? heldOut = null;
            // The features may live in a temporary file: it goes when Fit returns or fails.
            try
            {
                double fraction = _options.ValidationFractionFor(training.RowCount);
                if (fraction > 0)
                {
                    if (_options.ValidationFraction == null)
                    {
                        channel.Info(MessageSensitivity.None, $"Holding out {fraction:P0} of the {training.RowCount} training rows for early stopping ({nameof(Options.ValidationFraction)} chosen automatically; set it to 0 to train on every row).");
                    }
                    var all = training;
                    (training, heldOut) = ValidationSplit.Split(all, tasks, fraction, seed);
                    all.Dispose();
                }
                else if (_options.ValidationSet == null && (_options.RefitOnAllRows || _options.PerTaskEarlyStopping || _options.EarlyStoppingTask != null))
                {
                    throw new ArgumentException(
                        $"{nameof(Options)}.{(_options.RefitOnAllRows ? nameof(Options.RefitOnAllRows) : _options.PerTaskEarlyStopping ? nameof(Options.PerTaskEarlyStopping) : nameof(Options.EarlyStoppingTask))} needs a validation set, " +
                        $"but the automatic {nameof(Options.ValidationFraction)} holds none out of {training.RowCount} training rows (it needs {Options.AutomaticValidationMinimumRows}); set {nameof(Options.ValidationFraction)} or {nameof(Options.ValidationSet)}.", nameof(input));
                }
                var resolved = _options.ResolvedFor(training.RowCount);
                if (_options.BatchSize == null || _options.MaxEpochs == null)
                {
                    channel.Info(MessageSensitivity.None, $"{training.RowCount} training rows: batch size {resolved.Batch}, up to {resolved.Epochs} epochs ({nameof(Options.BatchSize)} and {nameof(Options.MaxEpochs)} chosen from the row count).");
                }
                return new MultiTaskTrainer(_mlContext, resolved).Train(input, training, heldOut, readers, seed, host, channel);
            }
            finally
            {
                training.Dispose();
                heldOut?.Dispose();
            }
        }

        /// <summary>The rest of <see cref="Fit"/>, with the batch size and epochs resolved.</summary>
        private MultiTaskTransformer Train(IDataView input, MultiTaskDataSet training, MultiTaskDataSet? heldOut, IReadOnlyList<TaskLabelReader> readers, int seed, IHost host, IChannel channel)
        {
            var tasks = _options.Tasks.ToArray();
            var heads = tasks.Select((task, i) => task.CreateHead(readers[i], training.Labels(i))).ToArray();
            for (int i = 0; i < heads.Length; i++)
            {
                heads[i].FitClassWeights(training.Labels(i));
                heads[i].PrepareLabels(training.Labels(i));
                if (heldOut != null)
                {
                    heads[i].PrepareLabels(heldOut.Labels(i));
                }
            }
            var validation = heldOut ?? ReadValidation(heads, training.Scaling);
            channel.Info(MessageSensitivity.None,
                $"Read {training.RowCount} training rows, {training.Features.Width} features ({training.Features.Storage}, density {training.Features.Density:0.###}), {tasks.Length} tasks; seed {seed}.");

            TorchSharpRuntime.EnsureLoaded();
            var device = DeviceSelector.Resolve(_options.Device, _mlContext.GpuDeviceId, _mlContext.FallbackToCpu, message => channel.Warning(MessageSensitivity.None, message));
            // TorchSharp's random generator is process-wide: two Fits at once would interleave their draws and neither
            // would be reproducible, so Fits in one process take turns.
            lock (FitGate)
            {
                torch.random.manual_seed(seed);
                var network = BuildNetwork(training, heads, DataSetReader.SlotNames(input.Schema[_options.FeatureColumnName]),
                    message => channel.Info(MessageSensitivity.None, message), message => channel.Warning(MessageSensitivity.None, message));
                TrainingComponents? components = null;
                try
                {
                    var transferred = _options.InitialWeights?.CopyInto(network, tasks, message => channel.Info(MessageSensitivity.None, message)) ?? Array.Empty<Tensor>();
                    network.to(device);
                    components = BuildComponents(network, training, tasks, device, seed);
                    components.Transferred = transferred;
                    var cancellation = new TrainingCancellation(_options.CancellationToken, host);
                    var fingerprint = Fingerprint(training, validation, components, seed);
                    var history = new TrainingLoop(components, heads, _options, device, seed, channel, cancellation, fingerprint).Run(training, validation);
                    network.eval();
                    DecisionThresholds.Fit(network, heads, validation, device, cancellation, message => channel.Warning(MessageSensitivity.None, message));
                    foreach (var observer in components.Observers)
                    {
                        observer.OnTrainingEnd(network, training);
                    }
                    network.to(torch.CPU);
                    if (_options.RefitOnAllRows)
                    {
                        channel.Info(MessageSensitivity.None, $"Refitting on all {training.RowCount + (heldOut?.RowCount ?? 0)} rows for the {history.BestEpoch} epochs early stopping chose.");
                        return Refit(input, history.BestEpoch, seed);
                    }
                    return CreateTransformer(input, network, heads, training.Features.Width, training.Scaling, history);
                }
                finally
                {
                    components?.Dispose();
                    network.DisposeWithParameters();
                }
            }
        }

        /// <summary>The second run of <see cref="Options.RefitOnAllRows"/>: every row, the chosen epoch count, no validation (Fit's lock is reentrant).</summary>
        private MultiTaskTransformer Refit(IDataView input, int epochs, int seed)
            => new MultiTaskTrainer(_mlContext, _options.With(o =>
            {
                (o.MaxEpochs, o.Seed, o.ValidationSet, o.ValidationFraction, o.RefitOnAllRows) = (epochs, seed, null, 0, false);
                (o.EarlyStoppingTask, o.EarlyStoppingOnMetric, o.PerTaskEarlyStopping) = (null, false, false);
                (o.CheckpointFolder, o.ResumeFromCheckpoint) = (null, null);
            })).Fit(input);

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
                return ScoringChainBuilder.Create(_mlContext, path, _options.FeatureColumnName, outputs).GetOutputSchema(inputSchema);
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>Options that do not change what a run computes, left out of the checkpoint fingerprint.</summary>
        private static readonly HashSet<string> NotFingerprinted = new HashSet<string>(StringComparer.Ordinal)
        {
            nameof(Options.Tasks), nameof(Options.ValidationSet), nameof(Options.Progress), nameof(Options.CancellationToken), nameof(Options.Device),
            nameof(Options.CheckpointFolder), nameof(Options.CheckpointInterval), nameof(Options.ResumeFromCheckpoint), nameof(Options.Seed), nameof(Options.MaxEpochs),
            nameof(Options.MaxTrainingTime),
        };

        /// <summary>Serializes Fits within a process (see the lock in <see cref="Fit"/>).</summary>
        private static readonly object FitGate = new object();

        private MultiTaskNetwork BuildNetwork(MultiTaskDataSet training, IReadOnlyList<TaskHead> heads, IReadOnlyList<string>? slotNames, Action<string> info, Action<string> warn)
        {
            const string prefix = nameof(Options) + ".";
            EncodingContext Context(string option) => new EncodingContext(training.Features, training.Scaling, slotNames, prefix + option);
            foreach (var head in heads)
            {
                head.Bind(Context(nameof(Options.Tasks)));
            }
            var encoder = _options.CategoricalEmbeddings != null
                ? _options.CategoricalEmbeddings.Build(Context(nameof(Options.CategoricalEmbeddings)), _options.FeatureEncoding, prefix + nameof(Options.FeatureEncoding), info)
                : _options.FeatureEncoding?.Build(Context(nameof(Options.FeatureEncoding)));
            EnsembleAdapters? ensemble = null;
            try
            {
                int inputSize = encoder?.OutputSize ?? training.Features.Width;
                var trunk = _options.Architecture.Build(new ArchitectureContext(inputSize, _options.Tasks.ToArray(), _options.Activation, _options.Dropout, warn));
                var headLayers = heads.Select(h => (IReadOnlyList<int>)(h.Definition.HeadLayers ?? _options.HeadLayers).Append(h.OutputSize).ToArray()).ToArray();
                if (_options.EnsembleSize > 1)
                {
                    ensemble = new EnsembleAdapters(_options.EnsembleSize, inputSize, heads.Select(h => h.OutputSize).ToArray(), heads.Select(h => h.MemberAverage).ToArray());
                }
                return new MultiTaskNetwork(encoder, trunk, headLayers, _options.Activation, _options.Dropout, ensemble, heads);
            }
            catch
            {
                encoder?.DisposeWithParameters();
                ensemble?.DisposeWithParameters();
                throw;
            }
        }

        private TrainingComponents BuildComponents(MultiTaskNetwork network, MultiTaskDataSet training, IReadOnlyList<TaskDefinition> tasks, Device device, int seed)
        {
            const string prefix = nameof(Options) + ".";
            if (_options.GradientAggregation != null && network.SharedParameters.Count == 0)
            {
                throw new ArgumentException($"{prefix}{nameof(Options.GradientAggregation)} ({_options.GradientAggregation}) combines the tasks' gradients of the shared parameters, " +
                    $"but {prefix}{nameof(Options.Architecture)} ({_options.Architecture}) has none; use an architecture with shared layers or set it to null.");
            }
            int stepsPerEpoch = (training.RowCount + _options.Batch - 1) / _options.Batch;
            var context = new ExtensionContext(tasks, Enumerable.Range(0, tasks.Count).Select(training.LabelledRows).ToArray(), network, device, _options.Epochs, stepsPerEpoch, seed, prefix);
            return new TrainingComponents(network, _options.LossBalancing.Build(context), _options.GradientAggregation?.Build(context),
                _options.Strategy.Build(context), _options.LearningRateSchedule.Build(context), _options.Observers.ToArray());
        }

        /// <summary>What a checkpoint must match to be resumed: the data's size, the tasks, every option that changes results, the seed and the parameter shapes.</summary>
        private TrainingFingerprint Fingerprint(MultiTaskDataSet training, MultiTaskDataSet? validation, TrainingComponents components, int seed)
        {
            var fingerprint = new TrainingFingerprint()
                .Add("training rows", training.RowCount)
                .Add("features", training.Features.Width)
                .Add("validation rows", validation?.RowCount)
                .Add(nameof(Options.Tasks), _options.Tasks.Select(t =>
                    $"{t} head {OptionDescription.Value(t.HeadLayers)} balance {t.BalanceClasses} smoothing {OptionDescription.Value(t.LabelSmoothing)} threshold {OptionDescription.Value(t.Threshold)}"))
                .Add(nameof(Options.Seed), seed);
            foreach (var property in typeof(Options).GetProperties().Where(p => !NotFingerprinted.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                fingerprint.Add(property.Name, property.GetValue(_options));
            }
            if (_options.LearningRateSchedule.DependsOnMaxEpochs)
            {
                fingerprint.Add(nameof(Options.MaxEpochs), _options.Epochs);
            }
            return fingerprint.Add("parameter shapes", components.Parameters.Select(p => string.Join("×", p.shape)));
        }

        private MultiTaskDataSet? ReadValidation(IReadOnlyList<TaskHead> heads, FeatureScaling? scaling)
        {
            var data = _options.ValidationSet;
            if (data == null)
            {
                return null;
            }
            var columns = heads.Select(h => h.Definition.GetLabelColumn(data.Schema, "validation set")).ToArray();
            var set = DataSetReader.Read(data, _options.FeatureColumnName, _options.ExampleWeightColumnName, columns, (row, column, i) => heads[i].CreateLabelReader(row, column),
                _options.ReplaceNonFiniteFeatures, scaling, false, "validation set", out _, heads.SelectMany(h => h.Definition.ContextColumns(data.Schema, "validation set")));
            for (int i = 0; i < heads.Count; i++)
            {
                heads[i].PrepareLabels(set.Labels(i));
            }
            return set;
        }

        private MultiTaskTransformer CreateTransformer(IDataView input, MultiTaskNetwork network, IReadOnlyList<TaskHead> heads,
            int featureCount, FeatureScaling? scaling, TrainingHistory history)
        {
            var graph = MultiTaskOnnxExporter.Export(network, heads, _options.FeatureColumnName, featureCount, scaling, _options.ReplaceNonFiniteFeatures, out var outputs,
                network);
            string path = TemporaryGraphPath();
            File.WriteAllBytes(path, graph);
            try
            {
                // A context of its own keeps MLContext.GpuDeviceId (meant for training) away from ONNX Runtime,
                // whose CPU-only package cannot open a CUDA session.
                var fitted = ScoringChainBuilder.Create(new MLContext(), path, _options.FeatureColumnName, outputs).Fit(input);
                var chain = new TransformerChain<ITransformer>(fitted.ToArray());
                var batchScorer = new OnnxBatchScorer(graph, _options.FeatureColumnName, featureCount, outputs.Select(o => o.ColumnName).ToArray(),
                    rejectsNonFiniteFeatures: !_options.ReplaceNonFiniteFeatures);
                return new MultiTaskTransformer(chain, path, graph, heads, scaling, history, batchScorer, network.Gates.ToArray(), _options.Architecture.GetType().Name);
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
