using System;
using System.IO;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Writes the training features to a temporary file as they are read (sparse rows, float32) and trains from it, so
    /// memory does not grow with the row count: at most three blocks of <see cref="BlockSizeKilobytes"/> are held, and the
    /// next block is read on another thread while the current one trains. Each epoch shuffles the order of the blocks and
    /// the rows within each block (a block shuffle): with one block — data smaller than a block — the order, and the
    /// model, are those of <see cref="InMemoryFeatureStorage"/>. The file is removed when Fit returns or fails; on Linux and
    /// macOS it has no name from the start, so nothing is left behind even if the process is killed. Labels, example
    /// weights and the row order stay in memory (docs/scaling.md has the formula).
    /// </summary>
    public sealed class TemporaryFileFeatureStorage : FeatureStorage
    {
        /// <summary>The folder of the temporary file. Default null: the system's temporary folder (<see cref="Path.GetTempPath"/>).</summary>
        public string? Directory { get; set; }

        /// <summary>
        /// The size of a block, in kilobytes of stored rows (4 bytes per row plus 8 per non-zero entry): the unit of
        /// reading and of shuffling. Larger blocks shuffle more thoroughly and hold more memory. 1 to 1,048,576.
        /// Default 32,768 (32 MB).
        /// </summary>
        public int BlockSizeKilobytes { get; set; } = 32_768;

        /// <summary>Test hook: wraps the stream the rows are written through (to simulate a full disk).</summary>
        internal Func<Stream, Stream>? WrapWrites { get; set; }

        internal override void Validate(string optionName)
        {
            if (BlockSizeKilobytes < 1 || BlockSizeKilobytes > 1_048_576)
            {
                throw new ArgumentOutOfRangeException(nameof(BlockSizeKilobytes), BlockSizeKilobytes, $"{optionName}.{nameof(BlockSizeKilobytes)} must be in [1, 1048576] (default 32768, 32 MB).");
            }
            if (Directory != null && !System.IO.Directory.Exists(Directory))
            {
                throw new DirectoryNotFoundException($"{optionName}.{nameof(Directory)} is '{Directory}', which does not exist; name an existing folder on a disk with room for the features, or null for the system's temporary folder.");
            }
        }

        internal override Storage.FeatureSink Build(int width)
            => new Storage.TemporaryFileFeatureSink(width, Directory ?? Path.GetTempPath(), BlockSizeKilobytes * 1024L, WrapWrites);
    }
}
