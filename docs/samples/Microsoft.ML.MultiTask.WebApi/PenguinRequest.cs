namespace Microsoft.ML.MultiTask.WebApi
{
    /// <summary>The body of <c>POST /predict</c>. Every field is required.</summary>
    public sealed class PenguinRequest
    {
        public string? Island { get; set; }
        public float? BillLength { get; set; }
        public float? BillDepth { get; set; }
        public float? FlipperLength { get; set; }
    }
}
