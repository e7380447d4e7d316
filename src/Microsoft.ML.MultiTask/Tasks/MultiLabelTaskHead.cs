namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>One logit per label, with vector Score, Probability and PredictedLabel columns.</summary>
    internal sealed class MultiLabelTaskHead : LogisticTaskHead
    {
        public MultiLabelTaskHead(TaskDefinition definition, int width)
            : base(definition, width, scalar: false)
        {
        }
    }
}
