using System;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// The row order of each epoch: a Fisher–Yates shuffle seeded by (seed, epoch), so an epoch's
    /// order does not depend on how many epochs ran before it in this process.
    /// </summary>
    internal sealed class MinibatchOrder
    {
        private readonly int _seed;
        private readonly int[] _rows;

        public MinibatchOrder(int rowCount, int seed)
        {
            _seed = seed;
            _rows = new int[rowCount];
        }

        /// <summary>The shuffled row indices for <paramref name="epoch"/> (the same array, refilled).</summary>
        public int[] ForEpoch(int epoch)
        {
            for (int i = 0; i < _rows.Length; i++)
            {
                _rows[i] = i;
            }
            var random = new Random(unchecked((_seed * 1_000_003) + epoch));
            for (int i = _rows.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (_rows[i], _rows[j]) = (_rows[j], _rows[i]);
            }
            return _rows;
        }
    }
}
