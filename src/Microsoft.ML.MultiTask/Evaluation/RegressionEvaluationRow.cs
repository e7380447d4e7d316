namespace Microsoft.ML.MultiTask.Evaluation
{
    /// <summary>One labelled row in ML.NET's regression column layout.</summary>
    internal sealed class RegressionEvaluationRow
    {
        public float Label;

        public float Score;
    }
}
