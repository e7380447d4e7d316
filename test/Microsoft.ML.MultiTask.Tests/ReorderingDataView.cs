using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>
    /// Synthetic rows whose first cursor gives them in order and every later cursor with two rows swapped. Unlike
    /// <c>LoadFromEnumerable</c>, whose row IDs are positions, each row keeps its own ID (its index in the list), as
    /// ML.NET asks of a data view: the order rule is broken, the ID rule is kept.
    /// </summary>
    internal sealed class ReorderingDataView : IDataView
    {
        private readonly MLContext _ml;
        private readonly List<SyntheticRow> _rows;
        private readonly int _first;
        private readonly int _second;
        private int _reads;

        public ReorderingDataView(MLContext ml, List<SyntheticRow> rows, int first, int second)
        {
            _ml = ml;
            _rows = rows;
            _first = first;
            _second = second;
            Schema = ml.Data.LoadFromEnumerable(rows).Schema;
        }

        public bool CanShuffle => false;

        public DataViewSchema Schema { get; }

        public long? GetRowCount() => _rows.Count;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var order = Enumerable.Range(0, _rows.Count).ToArray();
            if (_reads++ > 0)
            {
                (order[_first], order[_second]) = (order[_second], order[_first]);
            }
            var view = _ml.Data.LoadFromEnumerable(order.Select(i => _rows[i]));
            return new Cursor(view.GetRowCursor(columnsNeeded.Select(c => view.Schema[c.Index])), order);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            => new[] { GetRowCursor(columnsNeeded, rand) };

        /// <summary>The rows of a <c>LoadFromEnumerable</c> cursor with the ID of the row each position holds.</summary>
        private sealed class Cursor : DataViewRowCursor
        {
            private readonly DataViewRowCursor _inner;
            private readonly int[] _order;

            public Cursor(DataViewRowCursor inner, int[] order)
            {
                _inner = inner;
                _order = order;
            }

            public override DataViewSchema Schema => _inner.Schema;

            public override long Position => _inner.Position;

            public override long Batch => _inner.Batch;

            public override bool MoveNext() => _inner.MoveNext();

            public override bool IsColumnActive(DataViewSchema.Column column) => _inner.IsColumnActive(column);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _inner.GetGetter<TValue>(column);

            public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_order[Position], 0);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _inner.Dispose();
                }
                base.Dispose(disposing);
            }
        }
    }
}
