namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Which tasks each step trains and which parameters it leaves frozen: all tasks together
    /// (<see cref="JointTraining"/>, the default), one at a time, or a growing set. Set
    /// <see cref="MultiTaskTrainer.Options.Strategy"/> to one of the implementations. A frozen parameter does not move
    /// at all in that step (no gradient, no momentum, no weight decay).
    /// </summary>
    public abstract class TrainingStrategy : ComponentOptions
    {
        /// <summary>Checks the options against the tasks; messages name the option (prefixed with <paramref name="optionName"/>).</summary>
        internal abstract void Validate(string optionName, System.Collections.Generic.IReadOnlyList<TaskDefinition> tasks, int maxEpochs);

        /// <summary>Builds the strategy of one Fit.</summary>
        internal abstract Strategies.StrategyPlanner Build(Training.ExtensionContext context);
    }
}
