using System;
using System.Collections.Generic;
using System.Text;

namespace Microsoft.ML.MultiTask.Onnx
{
    /// <summary>Reads float initializers (raw_data) by name from an ONNX ModelProto, as <see cref="OnnxGraphBuilder"/> writes them.</summary>
    internal static class OnnxInitializerReader
    {
        /// <summary>The values of the float initializers named in <paramref name="names"/>.</summary>
        /// <exception cref="System.IO.InvalidDataException">The bytes are not a well-formed ModelProto.</exception>
        public static Dictionary<string, float[]> ReadFloats(ReadOnlySpan<byte> model, IReadOnlySet<string> names)
        {
            var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (var (field, graph) in Fields(model))
            {
                // ModelProto.graph = 7; GraphProto.initializer = 5; TensorProto.name = 8, raw_data = 9.
                if (field != 7)
                {
                    continue;
                }
                foreach (var (graphField, tensor) in Fields(graph))
                {
                    if (graphField != 5)
                    {
                        continue;
                    }
                    string? name = null;
                    ReadOnlySpan<byte> raw = default;
                    foreach (var (tensorField, value) in Fields(tensor))
                    {
                        if (tensorField == 8)
                        {
                            name = Encoding.UTF8.GetString(value);
                        }
                        else if (tensorField == 9)
                        {
                            raw = value;
                        }
                    }
                    if (name != null && names.Contains(name))
                    {
                        var values = new float[raw.Length / sizeof(float)];
                        for (int i = 0; i < values.Length; i++)
                        {
                            values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * sizeof(float)));
                        }
                        found[name] = values;
                    }
                }
            }
            return found;
        }

        /// <summary>The length-delimited fields of a message (other wire types are skipped).</summary>
        private static List<(int Field, byte[] Value)> Fields(ReadOnlySpan<byte> message)
        {
            var fields = new List<(int, byte[])>();
            int position = 0;
            while (position < message.Length)
            {
                ulong key = Varint(message, ref position);
                int field = (int)(key >> 3);
                switch (key & 7)
                {
                    case 0:
                        Varint(message, ref position);
                        break;
                    case 1:
                        position += 8;
                        break;
                    case 2:
                        int length = checked((int)Varint(message, ref position));
                        if (length < 0 || position + length > message.Length)
                        {
                            throw new System.IO.InvalidDataException("The ONNX graph is truncated.");
                        }
                        fields.Add((field, message.Slice(position, length).ToArray()));
                        position += length;
                        break;
                    case 5:
                        position += 4;
                        break;
                    default:
                        throw new System.IO.InvalidDataException($"The ONNX graph has an unknown protobuf wire type {key & 7}.");
                }
            }
            return fields;
        }

        private static ulong Varint(ReadOnlySpan<byte> bytes, ref int position)
        {
            ulong value = 0;
            for (int shift = 0; position < bytes.Length && shift < 64; shift += 7)
            {
                byte b = bytes[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }
            throw new System.IO.InvalidDataException("The ONNX graph has a malformed varint.");
        }
    }
}
