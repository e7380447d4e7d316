using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.ML.MultiTask.Data;

namespace Microsoft.ML.MultiTask.Storage
{
    /// <summary>
    /// Writes each row as [entry count, slots…, values…] (32-bit little-endian) to a temporary file, cut into blocks of
    /// about the given size at row boundaries. A write that fails (a full disk) removes the file and names the folder.
    /// </summary>
    internal sealed class TemporaryFileFeatureSink : FeatureSink
    {
        private readonly string _directory;
        private readonly long _blockBytes;
        private readonly Func<Stream, Stream>? _wrapWrites;
        private readonly FileStream _file;
        private readonly Stream _writer;
        private readonly List<int> _blockStarts = new List<int> { 0 };
        private readonly List<long> _blockOffsets = new List<long> { 0 };
        private long _bytes;
        private bool _completed;

        public TemporaryFileFeatureSink(int width, string directory, long blockBytes, Func<Stream, Stream>? wrapWrites)
            : base(width)
        {
            _directory = directory;
            _blockBytes = blockBytes;
            _wrapWrites = wrapWrites;
            var path = Path.Combine(directory, $"mlnet-multitask-{Guid.NewGuid():N}.features");
            try
            {
                // Unix lets an open file lose its name: with none, nothing is left behind even if the process is killed.
                _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20,
                    OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
                if (!OperatingSystem.IsWindows())
                {
                    File.Delete(path);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new IOException($"Cannot create the temporary feature file in '{directory}': {e.Message.TrimEnd('.')}. Set {nameof(TemporaryFileFeatureStorage)}.{nameof(TemporaryFileFeatureStorage.Directory)} to a writable folder.", e);
            }
            _writer = wrapWrites?.Invoke(_file) ?? _file;
        }

        public override bool CanHoldDense => true;

        public override FeatureMatrix Complete(FeatureScaling? scaling, bool dense)
        {
            try
            {
                _writer.Flush();
            }
            catch (IOException e)
            {
                throw Failure(e);
            }
            _completed = true;
            var starts = new List<int>(_blockStarts) { RowCount };
            var offsets = new List<long>(_blockOffsets) { _bytes };
            return new SpilledFeatureMatrix(_file, starts.ToArray(), offsets.ToArray(), Width, EntryCount, scaling, dense,
                () => new TemporaryFileFeatureSink(Width, _directory, _blockBytes, _wrapWrites));
        }

        public override void Dispose()
        {
            if (!_completed)
            {
                _completed = true;
                try
                {
                    _file.Dispose();
                }
                catch (IOException)
                {
                    // The buffered rest could not be written either (a full disk): the file is closed and removed all the same.
                }
            }
        }

        protected override void Write(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
        {
            if (RowCount > 0 && _bytes - _blockOffsets[^1] >= _blockBytes)
            {
                _blockStarts.Add(RowCount);
                _blockOffsets.Add(_bytes);
            }
            int count = values.Length;
            Span<int> header = stackalloc int[1] { count };
            try
            {
                _writer.Write(MemoryMarshal.AsBytes(header));
                _writer.Write(MemoryMarshal.AsBytes(indices));
                _writer.Write(MemoryMarshal.AsBytes(values));
            }
            catch (IOException e)
            {
                throw Failure(e);
            }
            _bytes += 4 + (8L * count);
        }

        /// <summary>Removes the file after a failed write and says where and how far it got.</summary>
        private IOException Failure(IOException e)
        {
            Dispose();
            return new IOException(
                $"Writing the training features to a temporary file in '{_directory}' failed after {RowCount} rows ({_bytes / 1048576.0:0.#} MB): {e.Message.TrimEnd('.')}. " +
                $"Free space there, or set {nameof(TemporaryFileFeatureStorage)}.{nameof(TemporaryFileFeatureStorage.Directory)} to a disk with room (4 bytes per row and 8 per non-zero feature). The file has been removed.", e);
        }
    }
}
