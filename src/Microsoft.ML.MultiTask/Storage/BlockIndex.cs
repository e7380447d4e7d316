using System;

namespace Microsoft.ML.MultiTask.Storage
{
    /// <summary>Which block a row is in, from the blocks' first rows.</summary>
    internal static class BlockIndex
    {
        /// <param name="starts">Each block's first row, ascending, then the row count.</param>
        /// <param name="row">A row below the row count.</param>
        public static int Of(int[] starts, int row)
        {
            int found = Array.BinarySearch(starts, 0, starts.Length - 1, row);
            return found >= 0 ? found : ~found - 1;
        }
    }
}
