using System;
using System.IO;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>A writable stream that fails as a full disk does once <c>capacity</c> bytes have gone through.</summary>
    internal sealed class FullDiskStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _capacity;
        private long _written;

        public FullDiskStream(Stream inner, long capacity)
        {
            _inner = inner;
            _capacity = capacity;
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > _capacity)
            {
                throw new IOException("No space left on device");
            }
            _inner.Write(buffer);
            _written += buffer.Length;
        }

        public override void Flush() => _inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
