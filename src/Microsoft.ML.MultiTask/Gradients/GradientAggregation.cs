namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// A gradient method: combines the per-task gradients of the shared parameters into the one update direction
    /// (instead of their sum), e.g. to remove conflicts between tasks. Set
    /// <see cref="MultiTaskTrainer.Options.GradientAggregation"/> to one of the implementations; null (the default)
    /// sums them, which costs one backward pass. A method costs one more backward pass per task, and needs an
    /// architecture with shared parameters.
    /// </summary>
    public abstract class GradientAggregation : ComponentOptions
    {
        /// <summary>Checks the options; messages name the option (prefixed with <paramref name="optionName"/>).</summary>
        internal abstract void Validate(string optionName);

        /// <summary>Builds the aggregator of one Fit.</summary>
        internal abstract Gradients.GradientAggregator Build(Training.ExtensionContext context);
    }
}
