using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Microsoft.ML.MultiTask.Data;

namespace Microsoft.ML.MultiTask.Storage
{
    /// <summary>
    /// Features in a temporary file (see <see cref="TemporaryFileFeatureSink"/>), read a block at a time: the blocks last
    /// touched stay in memory, and the block expected next — the next of the epoch's plan, or the following one — is
    /// read on another thread meanwhile. A failed read surfaces when its block is needed. Rows are scaled as they are
    /// read, with the in-memory matrices' arithmetic (<see cref="FeatureScaling.Standardized"/>, <see cref="FeatureScaling.Rescaled"/>), so a batch has the same bits either way.
    /// </summary>
    internal sealed class SpilledFeatureMatrix : FeatureMatrix, IDisposable
    {
        /// <summary>Blocks kept besides the one being read ahead: the current one and the one before, which a batch may straddle.</summary>
        private const int ResidentBlocks = 2;

        private readonly FileStream _file;
        private readonly int[] _blockStarts;
        private readonly long[] _blockOffsets;
        private readonly long _entryCount;
        private readonly FeatureScaling? _scaling;
        private readonly bool _dense;
        private readonly float[] _zeroRow;
        private readonly Func<FeatureSink> _newSink;
        private readonly object _gate = new object();
        private readonly Dictionary<int, Task<SpilledBlock>> _loaded = new Dictionary<int, Task<SpilledBlock>>();
        private readonly List<int> _recent = new List<int>();
        private readonly List<Task> _reads = new List<Task>();
        private int[]? _planPosition;
        private int[] _plan = Array.Empty<int>();
        private bool _disposed;

        /// <param name="file">The file, now owned by the matrix.</param>
        /// <param name="blockStarts">Each block's first row, then the row count.</param>
        /// <param name="blockOffsets">Each block's first byte, then the file's length.</param>
        /// <param name="width">Slots per row.</param>
        /// <param name="entryCount">Stored entries in all.</param>
        /// <param name="scaling">The scaling applied as rows are read, or null.</param>
        /// <param name="dense">Rows are read as (x − Offset)·Scale in every slot; otherwise as x·Scale in the stored ones.</param>
        /// <param name="newSink">A sink like the one that wrote the file, for subsets.</param>
        public SpilledFeatureMatrix(FileStream file, int[] blockStarts, long[] blockOffsets, int width, long entryCount, FeatureScaling? scaling, bool dense, Func<FeatureSink> newSink)
            : base(blockStarts[^1], width)
        {
            _file = file;
            _blockStarts = blockStarts;
            _blockOffsets = blockOffsets;
            _entryCount = entryCount;
            _scaling = scaling;
            _dense = dense;
            _newSink = newSink;
            _zeroRow = new float[width];
            if (dense && scaling != null)
            {
                for (int slot = 0; slot < width; slot++)
                {
                    _zeroRow[slot] = scaling.Standardized(slot, 0f);
                }
            }
        }

        public override double Density => RowCount == 0 ? 0 : _entryCount / ((double)RowCount * Width);

        public override string Storage => $"in a temporary file, {FileBytes / 1048576.0:0.#} MB in {BlockCount} block{(BlockCount == 1 ? "" : "s")}";

        public override int[] BlockStarts => _blockStarts[..^1];

        public int BlockCount => _blockStarts.Length - 1;

        public long FileBytes => _blockOffsets[^1];

        /// <summary>Test hook: runs on the reading thread before block <c>b</c> is read (to simulate a failing disk).</summary>
        internal Action<int>? BeforeBlockRead { get; set; }

        public override void Plan(ReadOnlySpan<int> rows)
        {
            lock (_gate)
            {
                var plan = new List<int>();
                var position = Enumerable.Repeat(-1, BlockCount).ToArray();
                int last = -1;
                foreach (int row in rows)
                {
                    int block = last >= 0 && row >= _blockStarts[last] && row < _blockStarts[last + 1] ? last : BlockIndex.Of(_blockStarts, row);
                    if (block != last && position[block] < 0)
                    {
                        position[block] = plan.Count;
                        plan.Add(block);
                    }
                    last = block;
                }
                (_plan, _planPosition) = (plan.ToArray(), position);
                if (_plan.Length > 0)
                {
                    ReadAhead(_plan[0]);
                }
            }
        }

        public override FeatureMatrix Subset(int[] rows)
        {
            var sink = _newSink();
            try
            {
                Plan(rows);
                foreach (int row in rows)
                {
                    var indices = Entries(row, out var values);
                    sink.Append(indices, values);
                }
                return sink.Complete(_scaling, _dense);
            }
            catch
            {
                sink.Dispose();
                throw;
            }
        }

        public override void VisitNonZeros(Action<int, int, float> visit)
        {
            Plan(Array.Empty<int>());
            var dense = new float[Width];
            for (int row = 0; row < RowCount; row++)
            {
                if (_dense)
                {
                    CopyRow(row, dense);
                    for (int slot = 0; slot < Width; slot++)
                    {
                        if (dense[slot] != 0)
                        {
                            visit(row, slot, dense[slot]);
                        }
                    }
                    continue;
                }
                var indices = Entries(row, out var values);
                for (int k = 0; k < values.Length; k++)
                {
                    float value = _scaling?.Rescaled(indices[k], values[k]) ?? values[k];
                    if (value != 0)
                    {
                        visit(row, indices[k], value);
                    }
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }
                _disposed = true;
                // A read still running must finish before the file closes under it; its result no longer matters.
                foreach (var read in _reads)
                {
                    try
                    {
                        read.Wait();
                    }
                    catch (AggregateException)
                    {
                    }
                }
                _loaded.Clear();
                _file.Dispose();
            }
        }

        protected override void CopyRow(int row, Span<float> destination)
        {
            var indices = Entries(row, out var values);
            if (_dense)
            {
                _zeroRow.CopyTo(destination);
                for (int k = 0; k < values.Length; k++)
                {
                    int slot = indices[k];
                    destination[slot] = _scaling?.Standardized(slot, values[k]) ?? values[k];
                }
                return;
            }
            destination.Clear();
            for (int k = 0; k < values.Length; k++)
            {
                destination[indices[k]] = _scaling?.Rescaled(indices[k], values[k]) ?? values[k];
            }
        }

        /// <summary>Row <paramref name="row"/>'s stored slots, and in <paramref name="values"/> their raw values, read from its block.</summary>
        private ReadOnlySpan<int> Entries(int row, out ReadOnlySpan<float> values)
        {
            int block = BlockIndex.Of(_blockStarts, row);
            var data = Block(block);
            int at = data.RowOffsets[row - _blockStarts[block]];
            int count = data.Ints[at];
            values = MemoryMarshal.Cast<int, float>(data.Ints.AsSpan(at + 1 + count, count));
            return data.Ints.AsSpan(at + 1, count);
        }

        /// <summary>Block <paramref name="block"/>, read now unless it is in memory or being read; moving to a new block starts reading the next.</summary>
        private SpilledBlock Block(int block)
        {
            Task<SpilledBlock> read;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_recent.Count > 0 && _recent[^1] == block)
                {
                    read = _loaded[block];
                }
                else
                {
                    if (!_loaded.TryGetValue(block, out read!))
                    {
                        read = Task.FromResult(Read(block));
                        _loaded[block] = read;
                    }
                    _recent.Remove(block);
                    _recent.Add(block);
                    int next = Next(block);
                    ReadAhead(next);
                    if (_recent.Count > ResidentBlocks)
                    {
                        _recent.RemoveAt(0);
                    }
                    foreach (int stale in _loaded.Keys.Where(b => b != next && !_recent.Contains(b)).ToArray())
                    {
                        _loaded.Remove(stale);
                    }
                }
            }
            return read.GetAwaiter().GetResult();
        }

        /// <summary>The block expected after <paramref name="block"/>: the plan's next, or the following block; -1 for none.</summary>
        private int Next(int block)
        {
            if (_planPosition != null && _planPosition[block] >= 0)
            {
                int position = _planPosition[block] + 1;
                return position < _plan.Length ? _plan[position] : -1;
            }
            return block + 1 < BlockCount ? block + 1 : -1;
        }

        private void ReadAhead(int block)
        {
            if (block < 0 || _loaded.ContainsKey(block))
            {
                return;
            }
            _reads.RemoveAll(r => r.IsCompleted);
            var read = Task.Run(() => Read(block));
            _loaded[block] = read;
            _reads.Add(read);
        }

        private SpilledBlock Read(int block)
        {
            long from = _blockOffsets[block];
            var ints = new int[(_blockOffsets[block + 1] - from) / 4];
            try
            {
                BeforeBlockRead?.Invoke(block);
                var bytes = MemoryMarshal.AsBytes(ints.AsSpan());
                for (int done = 0; done < bytes.Length;)
                {
                    int read = RandomAccess.Read(_file.SafeFileHandle, bytes[done..], from + done);
                    if (read == 0)
                    {
                        throw new EndOfStreamException($"the file ends at byte {from + done}.");
                    }
                    done += read;
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new IOException($"Reading block {block} (rows {_blockStarts[block]} to {_blockStarts[block + 1] - 1}) of the temporary feature file failed: {e.Message.TrimEnd('.')}.", e);
            }
            return new SpilledBlock(ints, _blockStarts[block + 1] - _blockStarts[block]);
        }
    }
}
