using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Scoring
{
    /// <summary>
    /// The data with the scoring graph's outputs added, computed a batch of rows at a time. It has exactly
    /// the schema OnnxTransformer gives (so the rest of the scoring chain applies unchanged); only the
    /// ONNX Runtime calls are batched. Rows are read through two cursors over the input — one for the
    /// columns passed through, one reading the features ahead — which relies on ML.NET's rule that a data
    /// view gives the same rows in the same order each time it is read; the cursor checks the row count and the row IDs.
    /// </summary>
    internal sealed class BatchScoredDataView : IDataView
    {
        private readonly IDataView _source;
        private readonly OnnxBatchScorer _scorer;
        private readonly DataViewSchema.Column _features;

        /// <param name="source">The data to score.</param>
        /// <param name="schema">OnnxTransformer's output schema for <paramref name="source"/>: its columns, then the graph outputs.</param>
        /// <param name="scorer">The batched graph.</param>
        public BatchScoredDataView(IDataView source, DataViewSchema schema, OnnxBatchScorer scorer)
        {
            _source = source;
            _scorer = scorer;
            Schema = schema;
            _features = source.Schema[scorer.FeatureColumnName];
            for (int i = 0; i < source.Schema.Count; i++)
            {
                if (schema[i].Name != source.Schema[i].Name)
                {
                    throw new InvalidOperationException($"The scoring schema does not start with the input's columns (column {i}: '{schema[i].Name}' against '{source.Schema[i].Name}').");
                }
            }
            OutputColumns = scorer.OutputNames.Select(name => schema[name]).ToArray();
        }

        public bool CanShuffle => false;

        public DataViewSchema Schema { get; }

        /// <summary>The schema columns of the graph outputs, in <see cref="OnnxBatchScorer.OutputNames"/> order.</summary>
        internal IReadOnlyList<DataViewSchema.Column> OutputColumns { get; }

        internal int SourceColumnCount => _source.Schema.Count;

        public long? GetRowCount() => _source.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
            var passThrough = _source.Schema.Where(c => needed.Contains(c.Index)).ToArray();
            var outputsNeeded = OutputColumns.Select(c => needed.Contains(c.Index)).ToArray();
            var features = outputsNeeded.Any(n => n) ? _source.GetRowCursor(new[] { _features }) : null;
            return new BatchScoredCursor(this, _source.GetRowCursor(passThrough), features, _features, _scorer, outputsNeeded);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            => new[] { GetRowCursor(columnsNeeded, rand) };
    }
}
