namespace Microsoft.ML.MultiTask.WebApi
{
    /// <summary>The model's input row: the raw columns the saved pipeline featurizes (labels are not needed to score).</summary>
    public sealed class PenguinInput
    {
        public string Island { get; set; } = string.Empty;
        public float BillLength { get; set; }
        public float BillDepth { get; set; }
        public float FlipperLength { get; set; }
    }
}
