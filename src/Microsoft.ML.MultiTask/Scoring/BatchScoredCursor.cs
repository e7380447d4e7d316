using System;
using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Scoring
{
    /// <summary>
    /// A cursor of <see cref="BatchScoredDataView"/>: input columns come from the row cursor, graph outputs
    /// from a batch scored ahead of it by the feature cursor. Both cursors must meet the same rows in the same
    /// order: the cursor checks the row count and each row's ID (ML.NET's means of telling rows apart across cursors).
    /// </summary>
    internal sealed class BatchScoredCursor : DataViewRowCursor
    {
        private readonly BatchScoredDataView _view;
        private readonly DataViewRowCursor _rows;
        private readonly DataViewRowCursor? _featureCursor;
        private readonly ValueGetter<VBuffer<float>>? _featureGetter;
        private readonly ValueGetter<DataViewRowId>? _featureIdGetter;
        private readonly ValueGetter<DataViewRowId>? _rowIdGetter;
        private readonly OnnxBatchScorer _scorer;
        private readonly bool[] _outputActive;
        private readonly float[] _batch;
        private readonly DataViewRowId[] _batchIds;
        private VBuffer<float> _row;
        private DataViewRowId _rowId;
        private Array[] _outputs = Array.Empty<Array>();
        private int _rowInBatch = -1;
        private int _batchCount;

        public BatchScoredCursor(BatchScoredDataView view, DataViewRowCursor rows, DataViewRowCursor? featureCursor, DataViewSchema.Column features,
            OnnxBatchScorer scorer, bool[] outputActive)
        {
            _view = view;
            _rows = rows;
            _featureCursor = featureCursor;
            _featureGetter = featureCursor?.GetGetter<VBuffer<float>>(features);
            _featureIdGetter = featureCursor?.GetIdGetter();
            _rowIdGetter = featureCursor == null ? null : rows.GetIdGetter();
            _scorer = scorer;
            _outputActive = outputActive;
            _batch = featureCursor == null ? Array.Empty<float>() : new float[OnnxBatchScorer.BatchSize * scorer.FeatureCount];
            _batchIds = featureCursor == null ? Array.Empty<DataViewRowId>() : new DataViewRowId[OnnxBatchScorer.BatchSize];
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _rows.Position;

        public override long Batch => 0;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _rows.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
            => column.Index < _view.SourceColumnCount
                ? _rows.IsColumnActive(_rows.Schema[column.Index])
                : _outputActive[OutputIndex(column)];

        public override bool MoveNext()
        {
            if (!_rows.MoveNext())
            {
                if (_featureCursor != null && (_batchCount - _rowInBatch > 1 || _featureCursor.MoveNext()))
                {
                    throw DataChangedBetweenReads("a different number of rows on two reads");
                }
                return false;
            }
            if (_featureCursor != null)
            {
                if (++_rowInBatch >= _batchCount)
                {
                    ScoreNextBatch();
                }
                CheckRowIsTheScoredOne();
            }
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _view.SourceColumnCount)
            {
                return _rows.GetGetter<TValue>(_rows.Schema[column.Index]);
            }
            int output = OutputIndex(column);
            if (!_outputActive[output])
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            }
            int width = ((VectorDataViewType)column.Type).Size;
            Delegate? getter = null;
            if (typeof(TValue) == typeof(VBuffer<float>))
            {
                getter = VectorGetter<float, float>(output, width, v => v);
            }
            else if (typeof(TValue) == typeof(VBuffer<bool>))
            {
                getter = VectorGetter<bool, bool>(output, width, v => v);
            }
            else if (typeof(TValue) == typeof(VBuffer<ReadOnlyMemory<char>>))
            {
                getter = VectorGetter<string, ReadOnlyMemory<char>>(output, width, v => v.AsMemory());
            }
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException($"Column '{column.Name}' is of type {column.Type}, not {typeof(TValue).Name}.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _rows.Dispose();
                _featureCursor?.Dispose();
            }
            base.Dispose(disposing);
        }

        private static InvalidOperationException DataChangedBetweenReads(string what) => new InvalidOperationException(
            $"The data to score gave {what}. Scoring reads the features ahead in batches, so it relies on ML.NET's rule that a data view " +
            "gives the same rows, in the same order, each time it is read; cache the data (mlContext.Data.Cache) before scoring it.");

        /// <summary>
        /// A data view that gives its rows in another order on the second read would pair rows with other rows' predictions.
        /// Row IDs are cheap to compare (re-reading the features would run the featurization twice).
        /// </summary>
        private void CheckRowIsTheScoredOne()
        {
            _rowIdGetter!(ref _rowId);
            if (!_rowId.Equals(_batchIds[_rowInBatch]))
            {
                throw DataChangedBetweenReads($"different rows at position {_rows.Position} on two reads (their row IDs differ)");
            }
        }

        private int OutputIndex(DataViewSchema.Column column)
        {
            for (int i = 0; i < _view.OutputColumns.Count; i++)
            {
                if (_view.OutputColumns[i].Index == column.Index)
                {
                    return i;
                }
            }
            throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' is not a column of this data.");
        }

        private ValueGetter<VBuffer<TItem>> VectorGetter<TStored, TItem>(int output, int width, Func<TStored, TItem> convert)
            => (ref VBuffer<TItem> value) =>
            {
                var values = (TStored[])_outputs[output];
                int offset = _rowInBatch * width;
                var editor = VBufferEditor.Create(ref value, width);
                for (int i = 0; i < width; i++)
                {
                    editor.Values[i] = convert(values[offset + i]);
                }
                value = editor.Commit();
            };

        /// <summary>Reads the next rows' features (densified) and scores them in one ONNX Runtime call.</summary>
        private void ScoreNextBatch()
        {
            int width = _scorer.FeatureCount;
            int count = 0;
            while (count < OnnxBatchScorer.BatchSize && _featureCursor!.MoveNext())
            {
                _featureGetter!(ref _row);
                _featureIdGetter!(ref _batchIds[count]);
                _row.CopyTo(_batch, count * width, 0f); // densifies: implicit entries become 0
                if (_scorer.RejectsNonFiniteFeatures)
                {
                    _scorer.CheckFinite(_batch.AsSpan(count * width, width), _featureCursor.Position);
                }
                count++;
            }
            if (count == 0)
            {
                throw DataChangedBetweenReads("a different number of rows on two reads");
            }
            _rowInBatch = 0;
            _batchCount = count;
            _outputs = _scorer.Score(_batch, count);
        }
    }
}
