using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// The row order of each epoch: a Fisher–Yates shuffle seeded by (seed, epoch), so an epoch's order does not depend
    /// on how many epochs ran before it in this process. With row groups (a ranking task's), the groups are shuffled
    /// instead and each group's rows follow one another, so a minibatch holds whole groups but at its two ends. With
    /// blocks (features read from a file a block at a time), the blocks are shuffled and then the rows (or the groups
    /// that start) within each block, so an epoch reads each block once; one block gives the order without blocks.
    /// </summary>
    internal sealed class MinibatchOrder
    {
        private readonly int _seed;
        private readonly int[] _rows;
        private readonly int[][]? _groupRows;
        private readonly int[] _blockStarts;
        private readonly int[][] _blockGroups;

        /// <param name="rowCount">The training rows.</param>
        /// <param name="seed">The run's seed.</param>
        /// <param name="groups">Per row, its group (any int), or null to shuffle rows.</param>
        /// <param name="blockStarts">The first row of each block, or null for one block.</param>
        public MinibatchOrder(int rowCount, int seed, int[]? groups = null, int[]? blockStarts = null)
        {
            _seed = seed;
            _rows = new int[rowCount];
            _blockStarts = (blockStarts ?? new[] { 0 }).Append(rowCount).ToArray();
            // Groups in order of first appearance, each with its rows in data order, so the order depends only on the seed.
            _groupRows = groups?.Select((group, row) => (group, row)).GroupBy(r => r.group).Select(g => g.Select(r => r.row).ToArray()).ToArray();
            // A group belongs to the block of its first row.
            var blockGroups = Enumerable.Range(0, _blockStarts.Length - 1).Select(_ => new List<int>()).ToArray();
            for (int group = 0; group < (_groupRows?.Length ?? 0); group++)
            {
                blockGroups[Storage.BlockIndex.Of(_blockStarts, _groupRows![group][0])].Add(group);
            }
            _blockGroups = blockGroups.Select(list => list.ToArray()).ToArray();
        }

        /// <summary>The shuffled row indices for <paramref name="epoch"/> (the same array, refilled).</summary>
        public int[] ForEpoch(int epoch)
        {
            var random = new Random(unchecked((_seed * 1_000_003) + epoch));
            var blocks = Enumerable.Range(0, _blockStarts.Length - 1).ToArray();
            DeterministicRandom.Shuffle(random, blocks);
            int next = 0;
            foreach (int block in blocks)
            {
                if (_groupRows == null)
                {
                    var rows = _rows.AsSpan(next, _blockStarts[block + 1] - _blockStarts[block]);
                    for (int i = 0; i < rows.Length; i++)
                    {
                        rows[i] = _blockStarts[block] + i;
                    }
                    DeterministicRandom.Shuffle(random, rows);
                    next += rows.Length;
                    continue;
                }
                var order = (int[])_blockGroups[block].Clone();
                DeterministicRandom.Shuffle(random, order);
                foreach (int group in order)
                {
                    _groupRows[group].CopyTo(_rows, next);
                    next += _groupRows[group].Length;
                }
            }
            return _rows;
        }
    }
}
