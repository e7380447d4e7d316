namespace Microsoft.ML.MultiTask.Onnx
{
    /// <summary>A node attribute: an integer, a float or a list of integers (the only kinds the exporters need).</summary>
    internal readonly struct OnnxAttribute
    {
        private readonly string _name;
        private readonly long? _int;
        private readonly float? _float;
        private readonly long[]? _ints;

        private OnnxAttribute(string name, long? intValue, float? floatValue, long[]? ints = null)
        {
            _name = name;
            _int = intValue;
            _float = floatValue;
            _ints = ints;
        }

        public static OnnxAttribute Int(string name, long value) => new OnnxAttribute(name, value, null);

        public static OnnxAttribute Float(string name, float value) => new OnnxAttribute(name, null, value);

        public static OnnxAttribute Ints(string name, params long[] values) => new OnnxAttribute(name, null, null, values);

        internal ProtoWriter ToProto()
        {
            var proto = new ProtoWriter().String(1, _name);
            if (_ints != null)
            {
                foreach (long value in _ints)
                {
                    proto.Varint(8, value);
                }
                return proto.Varint(20, 7);
            }
            return _int.HasValue
                ? proto.Varint(3, _int.Value).Varint(20, 2)
                : proto.Float(2, _float!.Value).Varint(20, 1);
        }
    }
}
