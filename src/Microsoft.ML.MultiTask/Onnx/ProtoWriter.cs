using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace Microsoft.ML.MultiTask.Onnx
{
    /// <summary>
    /// The few protobuf wire-format primitives an ONNX ModelProto needs: varints, length-delimited
    /// fields and packed repeated scalars. Nested messages are written by building them in their
    /// own writer and embedding the bytes.
    /// </summary>
    internal sealed class ProtoWriter
    {
        private readonly MemoryStream _stream = new MemoryStream();

        public byte[] ToArray() => _stream.ToArray();

        public ProtoWriter Varint(int field, long value)
        {
            Tag(field, 0);
            RawVarint((ulong)value);
            return this;
        }

        public ProtoWriter Float(int field, float value)
        {
            Tag(field, 5);
            Span<byte> buffer = stackalloc byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(buffer, value);
            _stream.Write(buffer);
            return this;
        }

        public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

        public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
        {
            Tag(field, 2);
            RawVarint((ulong)value.Length);
            _stream.Write(value);
            return this;
        }

        public ProtoWriter PackedVarints(int field, ReadOnlySpan<long> values)
        {
            var packed = new ProtoWriter();
            foreach (long value in values)
            {
                packed.RawVarint((ulong)value);
            }
            return Bytes(field, packed.ToArray());
        }

        private void Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

        private void RawVarint(ulong value)
        {
            while (value >= 0x80)
            {
                _stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            _stream.WriteByte((byte)value);
        }
    }
}
