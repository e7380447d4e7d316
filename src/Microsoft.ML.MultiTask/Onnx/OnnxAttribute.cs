namespace Microsoft.ML.MultiTask.Onnx
{
    /// <summary>A node attribute: an integer or a float (the only kinds the exporters need).</summary>
    internal readonly struct OnnxAttribute
    {
        private readonly string _name;
        private readonly long? _int;
        private readonly float? _float;

        private OnnxAttribute(string name, long? intValue, float? floatValue)
        {
            _name = name;
            _int = intValue;
            _float = floatValue;
        }

        public static OnnxAttribute Int(string name, long value) => new OnnxAttribute(name, value, null);

        public static OnnxAttribute Float(string name, float value) => new OnnxAttribute(name, null, value);

        internal ProtoWriter ToProto()
        {
            var proto = new ProtoWriter().String(1, _name);
            return _int.HasValue
                ? proto.Varint(3, _int.Value).Varint(20, 2)
                : proto.Float(2, _float!.Value).Varint(20, 1);
        }
    }
}
