namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// How the learning rate changes during training, as a factor of <see cref="MultiTaskTrainer.Options.LearningRate"/>
    /// set before every optimizer step (the optimizer's moments are kept). Set
    /// <see cref="MultiTaskTrainer.Options.LearningRateSchedule"/> to one of the implementations; the default is
    /// <see cref="ConstantLearningRate"/>. Each epoch's rate is in <see cref="TrainingEpochSummary.LearningRate"/>.
    /// </summary>
    public abstract class LearningRateSchedule : ComponentOptions
    {
        /// <summary>Checks the options against the run's length; messages name the option (prefixed with <paramref name="optionName"/>).</summary>
        internal abstract void Validate(string optionName, int maxEpochs);

        /// <summary>True when the factors depend on <see cref="MultiTaskTrainer.Options.MaxEpochs"/> (so a resumed run must keep it).</summary>
        internal virtual bool DependsOnMaxEpochs => false;

        /// <summary>Builds the schedule of one Fit.</summary>
        internal abstract Schedules.LearningRateScheduler Build(Training.ExtensionContext context);
    }
}
