using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;

namespace Microsoft.ML.MultiTask.Scoring
{
    /// <summary>
    /// A scoring chain (the fitted <see cref="MultiTaskTransformer"/>'s, or a whole model loaded from a zip) whose
    /// <see cref="Transform"/> runs the multi-task graph on batches of rows instead of once per row through
    /// OnnxTransformer, which calls ONNX Runtime per row. Everything else — schema, row-to-row mapping
    /// (PredictionEngine), saving — is the chain's own.
    /// </summary>
    internal sealed class BatchScoringModel : ITransformer, ICanSaveModel, IDisposable
    {
        private readonly ITransformer _loaded;
        private readonly IReadOnlyList<ITransformer> _before;
        private readonly ITransformer _onnx;
        private readonly IReadOnlyList<ITransformer> _after;
        private readonly OnnxBatchScorer _scorer;

        private BatchScoringModel(ITransformer loaded, IReadOnlyList<ITransformer> steps, int onnxStep, OnnxBatchScorer scorer)
        {
            _loaded = loaded;
            _before = steps.Take(onnxStep).ToArray();
            _onnx = steps[onnxStep];
            _after = steps.Skip(onnxStep + 1).ToArray();
            _scorer = scorer;
        }

        public bool IsRowToRowMapper => _loaded.IsRowToRowMapper;

        /// <summary>
        /// Wraps <paramref name="loaded"/> when its steps hold exactly one OnnxTransformer that writes every output of
        /// <paramref name="graph"/>; otherwise returns it unchanged (it still scores, row by row).
        /// </summary>
        public static ITransformer TryWrap(ITransformer loaded, ModelMetadata metadata, byte[] graph)
        {
            var steps = Flatten(loaded).ToList();
            var candidates = steps.Select((step, i) => (step, i)).Where(s => s.step is OnnxTransformer).ToList();
            if (candidates.Count != 1 || metadata.Outputs.Count == 0)
            {
                return loaded;
            }
            // A zip that does not say whether its graph replaces non-finite features is older than the check, and scored without it.
            var scorer = new OnnxBatchScorer(graph, metadata.FeatureColumn, metadata.FeatureCount, metadata.Outputs,
                rejectsNonFiniteFeatures: metadata.ReplacesNonFiniteFeatures == false);
            return new BatchScoringModel(loaded, steps, candidates[0].i, scorer);
        }

        /// <summary>Batches a scoring chain whose first step is the OnnxTransformer of <paramref name="scorer"/>'s graph.</summary>
        public static BatchScoringModel OverScoringChain(TransformerChain<ITransformer> chain, OnnxBatchScorer scorer)
            => new BatchScoringModel(chain, chain.ToList(), 0, scorer);

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
        {
            CheckFeatureSize(inputSchema, nameof(inputSchema));
            return _loaded.GetOutputSchema(inputSchema);
        }

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        {
            CheckFeatureSize(inputSchema, nameof(inputSchema));
            return _loaded.GetRowToRowMapper(inputSchema);
        }

        public IDataView Transform(IDataView input)
        {
            if (input == null)
            {
                throw new ArgumentNullException(nameof(input));
            }
            CheckFeatureSize(input.Schema, nameof(input));
            // The loaded model's own schema check, so other bad input gets ML.NET's usual errors.
            _loaded.GetOutputSchema(input.Schema);
            IDataView data = input;
            foreach (var step in _before)
            {
                data = step.Transform(data);
            }
            data = new BatchScoredDataView(data, _onnx.GetOutputSchema(data.Schema), _scorer);
            foreach (var step in _after)
            {
                data = step.Transform(data);
            }
            return data;
        }

        void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)_loaded).Save(ctx);

        public void Dispose()
        {
            _scorer.Dispose();
            (_loaded as IDisposable)?.Dispose();
        }

        /// <summary>
        /// Checks the feature vector's size where the graph reads it (after the steps before it), before ML.NET's own
        /// checks, so a wrong size is told with the column and both sizes rather than as ONNX Runtime's "Input shape mismatch".
        /// </summary>
        private void CheckFeatureSize(DataViewSchema inputSchema, string parameterName)
        {
            var schema = _before.Aggregate(inputSchema, (current, step) => step.GetOutputSchema(current));
            var column = schema.GetColumnOrNull(_scorer.FeatureColumnName);
            if (column?.Type is VectorDataViewType vector && vector.Size != _scorer.FeatureCount)
            {
                throw new ArgumentOutOfRangeException(parameterName,
                    $"Feature column '{_scorer.FeatureColumnName}' has {(vector.IsKnownSize ? $"{vector.Size} slots" : "a variable number of slots")}; " +
                    $"the model was trained on {_scorer.FeatureCount}. Build the features as for training (the same columns, categories and order).");
            }
        }

        /// <summary>The steps of nested transformer chains, in the order they run.</summary>
        private static IEnumerable<ITransformer> Flatten(ITransformer transformer)
            => transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : new[] { transformer };
    }
}
