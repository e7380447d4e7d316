using System;
using System.Linq;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// The row order of each epoch: a Fisher–Yates shuffle seeded by (seed, epoch), so an epoch's order does not depend
    /// on how many epochs ran before it in this process. With row groups (a ranking task's), the groups are shuffled
    /// instead and each group's rows follow one another, so a minibatch holds whole groups but at its two ends.
    /// </summary>
    internal sealed class MinibatchOrder
    {
        private readonly int _seed;
        private readonly int[] _rows;
        private readonly int[][]? _groupRows;

        /// <param name="rowCount">The training rows.</param>
        /// <param name="seed">The run's seed.</param>
        /// <param name="groups">Per row, its group (any int), or null to shuffle rows.</param>
        public MinibatchOrder(int rowCount, int seed, int[]? groups = null)
        {
            _seed = seed;
            _rows = new int[rowCount];
            // Groups in order of first appearance, each with its rows in data order, so the order depends only on the seed.
            _groupRows = groups?.Select((group, row) => (group, row)).GroupBy(r => r.group).Select(g => g.Select(r => r.row).ToArray()).ToArray();
        }

        /// <summary>The shuffled row indices for <paramref name="epoch"/> (the same array, refilled).</summary>
        public int[] ForEpoch(int epoch)
        {
            var random = new Random(unchecked((_seed * 1_000_003) + epoch));
            if (_groupRows == null)
            {
                Fill(_rows);
                DeterministicRandom.Shuffle(random, _rows);
                return _rows;
            }
            var order = new int[_groupRows.Length];
            Fill(order);
            DeterministicRandom.Shuffle(random, order);
            int next = 0;
            foreach (int group in order)
            {
                _groupRows[group].CopyTo(_rows, next);
                next += _groupRows[group].Length;
            }
            return _rows;
        }

        private static void Fill(int[] items)
        {
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = i;
            }
        }
    }
}
