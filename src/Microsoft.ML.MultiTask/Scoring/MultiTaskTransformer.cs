using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Scoring;
using Microsoft.ML.MultiTask.Tasks;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// A fitted multi-task model. <see cref="Transform"/> adds each task's output columns
    /// (<c>Task.Score</c>, <c>Task.Probability</c>, <c>Task.PredictedLabel</c>, by kind). Scoring runs the
    /// exported ONNX graph through stock ML.NET transforms, so <c>mlContext.Model.Save</c> stores it in
    /// the ordinary model zip and <c>mlContext.Model.Load</c> gives the same predictions, without libtorch.
    /// Dispose it to release ONNX Runtime and delete its temporary graph file.
    /// </summary>
    public sealed class MultiTaskTransformer : ITransformer, IDisposable
    {
        private readonly BatchScoringModel _scoring;
        private readonly string _onnxPath;
        private readonly byte[] _onnx;
        private readonly IReadOnlyList<Architectures.GateOutput> _gates;
        private readonly string _architecture;
        private readonly OnnxBatchScorer _batchScorer;
        private bool _disposed;

        internal MultiTaskTransformer(TransformerChain<ITransformer> chain, string onnxPath, byte[] onnx,
            IReadOnlyList<TaskHead> heads, Data.FeatureScaling? scaling, TrainingHistory history, OnnxBatchScorer batchScorer,
            IReadOnlyList<Architectures.GateOutput> gates, string architecture)
        {
            // The chain's first step is OnnxTransformer, which calls ONNX Runtime once per row; Transform runs the
            // same graph on batches of rows instead.
            _scoring = BatchScoringModel.OverScoringChain(chain, batchScorer);
            _onnxPath = onnxPath;
            _onnx = onnx;
            FeatureColumnName = batchScorer.FeatureColumnName;
            Heads = heads;
            Scaling = scaling;
            History = history;
            _gates = gates;
            Thresholds = heads.OfType<Tasks.LogisticTaskHead>().ToDictionary(h => h.Definition.Name, h => h.Thresholds);
            _batchScorer = batchScorer;
            _architecture = architecture;
            Tasks = heads.Select(h => h.Definition).ToArray();
            ClassNames = heads.Where(h => h.ClassNames != null).ToDictionary(h => h.Definition.Name, h => h.ClassNames!);
        }

        /// <summary>The tasks, in the order they were given.</summary>
        public IReadOnlyList<TaskDefinition> Tasks { get; }

        /// <summary>The standalone ONNX graph (with the model's metadata and network state).</summary>
        internal byte[] OnnxGraph => _onnx;

        /// <summary>The feature column the model reads.</summary>
        public string FeatureColumnName { get; }

        /// <summary>Per multiclass task, its class names in output-slot order (the key values of <c>Task.PredictedLabel</c>).</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> ClassNames { get; }

        /// <summary>
        /// Per binary and multi-label task, the probability above which each slot's <c>PredictedLabel</c> is true: 0.5, or the
        /// task's <see cref="TaskDefinition.Threshold"/> (chosen on the validation set when it says so).
        /// </summary>
        public IReadOnlyDictionary<string, IReadOnlyList<float>> Thresholds { get; }

        /// <summary>Loss per task per epoch, the best epoch, and whether early stopping ended training.</summary>
        public TrainingHistory History { get; }

        /// <inheritdoc/>
        public bool IsRowToRowMapper => _scoring.IsRowToRowMapper;

        internal IReadOnlyList<TaskHead> Heads { get; }

        internal Data.FeatureScaling? Scaling { get; }

        /// <inheritdoc/>
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _scoring.GetOutputSchema(inputSchema);

        /// <inheritdoc/>
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _scoring.GetRowToRowMapper(inputSchema);

        /// <inheritdoc/>
        public IDataView Transform(IDataView input)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (input == null)
            {
                throw new ArgumentNullException(nameof(input));
            }
            Data.DataSetReader.GetFeatureColumn(input.Schema, FeatureColumnName, "data to score");
            return _scoring.Transform(input);
        }

        /// <summary>
        /// Writes the model as a standalone ONNX graph for ONNX Runtime or any ONNX consumer. Input: the
        /// feature column's name, float <c>[N, features]</c>. Outputs per task <c>T</c>: <c>T.Score</c>
        /// (float <c>[N,1]</c>; multiclass <c>[N,K]</c> probabilities; multi-label <c>[N,K]</c> logits),
        /// <c>T.Probability</c> (binary <c>[N,1]</c>, multi-label <c>[N,K]</c>), <c>T.PredictedLabel</c>
        /// (binary bool <c>[N,1]</c>, multiclass class-name string <c>[N,1]</c>, multi-label bool <c>[N,K]</c>).
        /// </summary>
        /// <param name="stream">Where to write the graph.</param>
        public void ExportOnnx(Stream stream)
        {
            if (stream == null)
            {
                throw new ArgumentNullException(nameof(stream));
            }
            stream.Write(_onnx, 0, _onnx.Length);
        }

        /// <summary>
        /// The mean gate weight every task puts on every expert over <paramref name="data"/>, for mixture-of-experts
        /// architectures (<see cref="MixtureOfExperts"/>, <see cref="ProgressiveLayeredExtraction"/>): which experts each
        /// task uses, a direct view of how related the tasks are. Runs the model's graph in batches; the data needs only
        /// the feature column.
        /// </summary>
        /// <param name="data">Featurized data, e.g. the test set.</param>
        /// <exception cref="InvalidOperationException">The model's architecture has no gates.</exception>
        public ExpertUtilization ExpertUtilization(IDataView data)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }
            if (_gates.Count == 0)
            {
                throw new InvalidOperationException($"The model's architecture ({_architecture}) has no gates; expert utilization exists for {nameof(MixtureOfExperts)} and {nameof(ProgressiveLayeredExtraction)}.");
            }
            return MultiTask.ExpertUtilization.Measure(_onnx, _batchScorer, _gates, data);
        }

        void ICanSaveModel.Save(ModelSaveContext ctx)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ((ICanSaveModel)_scoring).Save(ctx);
        }

        /// <summary>Releases ONNX Runtime and deletes the temporary graph file.</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _scoring.Dispose();
            try
            {
                File.Delete(_onnxPath);
            }
            catch (IOException)
            {
                // Another process may hold the file open (Windows); it lives in the temp folder anyway.
            }
        }
    }
}
