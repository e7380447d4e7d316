namespace Microsoft.ML.MultiTask.Onnx
{
    /// <summary>The ONNX TensorProto.DataType values the exported graphs use.</summary>
    internal enum OnnxElementType
    {
        Float = 1,
        Int64 = 7,
        String = 8,
        Bool = 9,
    }
}
