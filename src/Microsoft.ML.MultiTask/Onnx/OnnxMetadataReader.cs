using System;
using System.Text;

namespace Microsoft.ML.MultiTask.Onnx
{
    /// <summary>
    /// Finds one <c>metadata_props</c> entry (ModelProto field 14: key = 1, value = 2) in serialized
    /// ONNX bytes, also when they are wrapped (as ML.NET stores them inside its model zip).
    /// </summary>
    internal static class OnnxMetadataReader
    {
        public static string? Find(ReadOnlySpan<byte> bytes, string key)
        {
            var keyBytes = Encoding.UTF8.GetBytes(key);
            // StringStringEntryProto: 0x0A <len> key 0x12 <len> value; keys here are shorter than 128 bytes.
            var pattern = new byte[keyBytes.Length + 3];
            pattern[0] = 0x0A;
            pattern[1] = (byte)keyBytes.Length;
            keyBytes.CopyTo(pattern, 2);
            pattern[^1] = 0x12;
            int at = bytes.IndexOf(pattern);
            if (at < 0)
            {
                return null;
            }
            int position = at + pattern.Length;
            ulong length = 0;
            for (int shift = 0; position < bytes.Length; shift += 7)
            {
                byte b = bytes[position++];
                length |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }
            return length > (ulong)(bytes.Length - position) ? null : Encoding.UTF8.GetString(bytes.Slice(position, (int)length));
        }
    }
}
