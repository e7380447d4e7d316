namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>One logit with scalar Score, Probability and PredictedLabel columns.</summary>
    internal sealed class BinaryTaskHead : LogisticTaskHead
    {
        public BinaryTaskHead(TaskDefinition definition)
            : base(definition, 1, scalar: true)
        {
        }
    }
}
