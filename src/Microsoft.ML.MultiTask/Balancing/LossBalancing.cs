namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// How the tasks' losses combine into the one loss the network is trained on: the weights wᵢ of Σ wᵢ·Lᵢ, fixed or
    /// adapted during training. Set <see cref="MultiTaskTrainer.Options.LossBalancing"/> to one of the implementations;
    /// the default is <see cref="FixedLossWeights"/> (each task's <see cref="TaskDefinition.LossWeight"/>).
    /// The weights each epoch used are in <see cref="TrainingEpochSummary.TaskWeights"/>.
    /// </summary>
    public abstract class LossBalancing : ComponentOptions
    {
        /// <summary>Checks the options against the tasks; messages name the option (prefixed with <paramref name="optionName"/>).</summary>
        internal abstract void Validate(string optionName, System.Collections.Generic.IReadOnlyList<TaskDefinition> tasks);

        /// <summary>Builds the balancer of one Fit.</summary>
        internal abstract Balancing.LossBalancer Build(Training.ExtensionContext context);
    }
}
