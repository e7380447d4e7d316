using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.MultiTask.Scoring;
using Microsoft.ML.MultiTask.Scoring.Mappings;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Multi-task learning for an <see cref="MLContext"/>: trainers and evaluation. Get it with
    /// <c>mlContext.MultiTask()</c>.
    /// </summary>
    public sealed class MultiTaskCatalog
    {
        private readonly MLContext _mlContext;

        internal MultiTaskCatalog(MLContext mlContext)
        {
            _mlContext = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
            Trainers = new MultiTaskTrainers(mlContext);
        }

        /// <summary>The multi-task trainers.</summary>
        public MultiTaskTrainers Trainers { get; }

        /// <summary>
        /// Should these tasks be trained together? Measures what <paramref name="options"/> asks for: the association of the
        /// tasks' labels, the cosine of their gradients and their lookahead affinity during one training run with
        /// <see cref="TaskRelatednessOptions.TrainerOptions"/>, the best groupings by affinity, and optionally each task's
        /// figure trained with the others against trained alone (negative transfer). Progress goes to <c>mlContext.Log</c>.
        /// </summary>
        /// <param name="data">The featurized training data, as for <c>Fit</c>.</param>
        /// <param name="options">What to measure, and the trainer's options (at least two tasks).</param>
        public TaskRelatednessReport AnalyzeTasks(IDataView data, TaskRelatednessOptions options)
            => Relatedness.TaskRelatednessAnalyzer.Analyze(_mlContext, data, options);

        /// <summary>
        /// Hyperparameter search: trains one trial at a time on <paramref name="trainData"/>, each with
        /// <paramref name="options"/> changed at a point of <paramref name="searchSpace"/> that
        /// <see cref="TuningSettings.SearchMethod"/> picks, evaluates it on <paramref name="validationData"/> (also its early
        /// stopping set) and keeps the best by the weighted mean of the tasks' main figures. Unpromising trials are pruned
        /// early, failed ones recorded; the run ends after <see cref="TuningSettings.MaxTrials"/>, at
        /// <see cref="TuningSettings.TimeBudget"/> or on cancellation, returning the trials so far. Progress per trial goes
        /// to <see cref="TuningSettings.Progress"/> and <c>mlContext.Log</c>.
        /// </summary>
        /// <param name="trainData">The featurized training data, as for <c>Fit</c>.</param>
        /// <param name="validationData">Featurized data with labels, to compare the trials on.</param>
        /// <param name="options">The base options: the tasks and everything the search space does not set.</param>
        /// <param name="searchSpace">What to search; null for <see cref="SearchSpace.Default"/>.</param>
        /// <param name="settings">How to search; null for the defaults (20 trials of <see cref="TreeParzenSearch"/>).</param>
        public TuningResult Tune(IDataView trainData, IDataView validationData, MultiTaskTrainer.Options options, SearchSpace? searchSpace = null, TuningSettings? settings = null)
        {
            if (trainData == null)
            {
                throw new ArgumentNullException(nameof(trainData));
            }
            if (validationData == null)
            {
                throw new ArgumentNullException(nameof(validationData));
            }
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }
            searchSpace ??= SearchSpace.Default();
            settings ??= new TuningSettings();
            Tuning.TuningValidator.Validate(searchSpace, settings, options);
            var host = ((Runtime.IHostEnvironment)_mlContext).Register(nameof(Tune));
            using var channel = host.Start(nameof(Tune));
            return new Tuning.MultiTaskTuner(_mlContext, options, searchSpace, settings, channel).Run(trainData, validationData);
        }

        /// <summary>
        /// Infers how a CSV file loads from its first 1,000 records: the separator (comma, semicolon, tab or bar, unless
        /// given), whether the first record is a header, and each column's type — Single when every value is a number or a
        /// missing marker (empty, NA, N/A, ?, null, NaN), Boolean for true/false, String otherwise. Quoted fields may hold
        /// separators and line breaks. <see cref="CsvInference.Load"/> loads it with those options.
        /// </summary>
        /// <param name="path">The CSV file.</param>
        /// <param name="separatorChar">The separator, or null to infer it.</param>
        /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
        /// <exception cref="InvalidDataException">The file is empty, or its records have different numbers of fields.</exception>
        public CsvInference InferCsv(string path, char? separatorChar = null)
            => Featurization.CsvInferrer.Infer(path ?? throw new ArgumentNullException(nameof(path)), separatorChar);

        /// <summary>
        /// Automatic featurization: infers each column's role from the first rows of <paramref name="data"/> — numbers,
        /// categories (few distinct values), free text, identifiers (a different value on every row) and leaks (a column
        /// a label is a function of, such as the column a label was derived from) — and returns the ML.NET estimator chain
        /// that builds the feature vector from the kept columns, with what it made of each column and why. Leaks are
        /// dropped with a warning in <c>mlContext.Log</c>.
        /// </summary>
        /// <param name="data">The training data, before featurization.</param>
        /// <param name="labelColumnNames">The tasks' label columns (never features).</param>
        /// <param name="options">Limits of the inference; null for the defaults.</param>
        public FeaturizationPlan Featurize(IDataView data, IEnumerable<string> labelColumnNames, FeaturizerOptions? options = null)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }
            var labels = labelColumnNames?.ToArray() ?? throw new ArgumentNullException(nameof(labelColumnNames));
            options ??= new FeaturizerOptions();
            if (options.MaxRowsRead < 1 || options.MaxCategories < 1 || options.MinTextLength < 1 || string.IsNullOrWhiteSpace(options.FeatureColumnName))
            {
                throw new ArgumentOutOfRangeException(nameof(options),
                    $"{nameof(FeaturizerOptions)}: {nameof(FeaturizerOptions.MaxRowsRead)}, {nameof(FeaturizerOptions.MaxCategories)} and {nameof(FeaturizerOptions.MinTextLength)} must be at least 1 and {nameof(FeaturizerOptions.FeatureColumnName)} non-empty.");
            }
            var host = ((Runtime.IHostEnvironment)_mlContext).Register(nameof(Featurize));
            using var channel = host.Start(nameof(Featurize));
            return Featurization.FeaturizationPlanner.Plan(_mlContext, data, labels, options, message => channel.Warning(Runtime.MessageSensitivity.None, message));
        }

        /// <summary>
        /// Loads a multi-task model zip saved with <c>mlContext.Model.Save</c>: registers this library's
        /// assembly (which holds the mappings the model uses), checks that the zip holds a multi-task
        /// model, and calls <c>mlContext.Model.Load</c>. Scoring needs ONNX Runtime but not libtorch.
        /// The returned model's <c>Transform</c> runs the network on batches of rows (several times faster than the
        /// row-by-row scoring of a plain <c>Model.Load</c>, with the same values); PredictionEngine and saving behave as
        /// for the plain load. Dispose it (it is <see cref="IDisposable"/>) to release ONNX Runtime early.
        /// </summary>
        /// <param name="path">The model zip.</param>
        /// <param name="inputSchema">The schema of the data the model was trained on.</param>
        /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
        /// <exception cref="InvalidDataException">The file is not a model zip, or holds no multi-task model.</exception>
        public ITransformer LoadModel(string path, out DataViewSchema inputSchema)
        {
            using var stream = ModelMetadata.OpenZip(path);
            return LoadModel(stream, path, out inputSchema);
        }

        /// <summary>Loads a multi-task model zip from a stream (see <see cref="LoadModel(string, out DataViewSchema)"/>).</summary>
        /// <param name="stream">A readable stream positioned at the start of the zip.</param>
        /// <param name="inputSchema">The schema of the data the model was trained on.</param>
        public ITransformer LoadModel(Stream stream, out DataViewSchema inputSchema)
        {
            if (stream == null)
            {
                throw new ArgumentNullException(nameof(stream));
            }
            if (stream.CanSeek)
            {
                return LoadModel(stream, "the model stream", out inputSchema);
            }
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            return LoadModel(copy, "the model stream", out inputSchema);
        }

        /// <summary>
        /// The task definitions stored in a model zip, e.g. to evaluate a loaded model with
        /// <see cref="Evaluate(IDataView, IEnumerable{TaskDefinition})"/>.
        /// </summary>
        /// <param name="path">The model zip.</param>
        public IReadOnlyList<TaskDefinition> ReadTaskDefinitions(string path)
        {
            using var stream = ModelMetadata.OpenZip(path);
            return ModelMetadata.Read(stream, path, out _).ToTaskDefinitions();
        }

        /// <summary>
        /// Writes the ONNX graph stored in a multi-task model zip — the same standalone graph that
        /// <see cref="MultiTaskTransformer.ExportOnnx(Stream)"/> writes — so a deployed zip becomes an ONNX model
        /// for ONNX Runtime, Triton or any ONNX consumer without training code or libtorch.
        /// </summary>
        /// <param name="modelPath">The model zip.</param>
        /// <param name="destination">Where to write the graph.</param>
        public void ExportOnnx(string modelPath, Stream destination)
        {
            if (destination == null)
            {
                throw new ArgumentNullException(nameof(destination));
            }
            using var stream = ModelMetadata.OpenZip(modelPath);
            ModelMetadata.Read(stream, modelPath, out var graph);
            destination.Write(graph, 0, graph.Length);
        }

        /// <summary>
        /// Evaluates every task of a fitted model on scored data with ML.NET's evaluator for its kind.
        /// Rows whose label for a task is missing are left out of that task's metrics only.
        /// </summary>
        /// <param name="data">Data transformed by the model, still holding the label columns.</param>
        /// <param name="model">The fitted model (e.g. <c>pipelineModel.LastTransformer</c>).</param>
        public MultiTaskMetrics Evaluate(IDataView data, MultiTaskTransformer model)
        {
            if (model == null)
            {
                throw new ArgumentNullException(nameof(model));
            }
            return Evaluate(data, model.Tasks);
        }

        /// <summary>
        /// Evaluates scored data given the task definitions, e.g. for a model loaded from a zip.
        /// Class names come from the <c>Task.PredictedLabel</c> key values in <paramref name="data"/>.
        /// </summary>
        /// <param name="data">Data transformed by the model, still holding the label columns.</param>
        /// <param name="tasks">The tasks the model was trained with (names and label columns).</param>
        public MultiTaskMetrics Evaluate(IDataView data, IEnumerable<TaskDefinition> tasks)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }
            if (tasks == null)
            {
                throw new ArgumentNullException(nameof(tasks));
            }
            var list = tasks.ToList();
            if (list.Count == 0)
            {
                throw new ArgumentException("Give at least one task to evaluate.", nameof(tasks));
            }
            return new MultiTaskMetrics(list.Select(task => task.Evaluate(_mlContext, data)).ToArray());
        }

        /// <summary>
        /// Evaluates every task of a model separately on each value of a group column (e.g. sex or race): the rows per group,
        /// each task's ML.NET metrics per group, and per task the largest gap of its main figure between groups. A task a
        /// group cannot measure (no labelled row, or one class only for AUC) is undefined there.
        /// </summary>
        /// <param name="data">Data transformed by the model, holding the label columns and the group column.</param>
        /// <param name="model">The fitted model.</param>
        /// <param name="groupColumnName">A column of text, Boolean, numbers or keys.</param>
        public GroupedMetrics EvaluateByGroup(IDataView data, MultiTaskTransformer model, string groupColumnName)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }
            if (model == null)
            {
                throw new ArgumentNullException(nameof(model));
            }
            return Evaluation.GroupEvaluator.Evaluate(_mlContext, data, model.Tasks, groupColumnName ?? throw new ArgumentNullException(nameof(groupColumnName)));
        }

        private ITransformer LoadModel(Stream stream, string source, out DataViewSchema inputSchema)
        {
            var metadata = ModelMetadata.Read(stream, source, out var graph);
            stream.Position = 0;
            _mlContext.ComponentCatalog.RegisterAssembly(typeof(SingleScalarizer).Assembly);
            try
            {
                return BatchScoringModel.TryWrap(_mlContext.Model.Load(stream, out inputSchema), metadata, graph);
            }
            catch (Exception e) when (e is FormatException || e is InvalidOperationException || e is InvalidDataException || e is EndOfStreamException)
            {
                throw new InvalidDataException($"{ModelMetadata.Describe(source)} holds a multi-task model that ML.NET could not load: {e.Message}", e);
            }
        }

    }
}
