namespace Microsoft.ML.MultiTask.Storage
{
    /// <summary>One block of a feature file in memory: its rows' records and where each starts.</summary>
    internal sealed class SpilledBlock
    {
        /// <param name="ints">The block's bytes as 32-bit words: per row [entry count, slots…, values…].</param>
        /// <param name="rows">The rows in the block.</param>
        public SpilledBlock(int[] ints, int rows)
        {
            Ints = ints;
            RowOffsets = new int[rows];
            for (int row = 0, at = 0; row < rows; row++)
            {
                RowOffsets[row] = at;
                at += 1 + (2 * ints[at]);
            }
        }

        public int[] Ints { get; }

        /// <summary>Per row of the block, the word its record starts at.</summary>
        public int[] RowOffsets { get; }
    }
}
