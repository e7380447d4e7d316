namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// The common base of the option objects that choose a part of the method: <see cref="MultiTaskArchitecture"/>,
    /// <see cref="FeatureEncoding"/>, <see cref="LossBalancing"/>, <see cref="GradientAggregation"/>,
    /// <see cref="TrainingStrategy"/> and <see cref="LearningRateSchedule"/>. Each implementation builds its own part for a Fit.
    /// </summary>
    public abstract class ComponentOptions
    {
        private protected ComponentOptions()
        {
        }

        /// <summary>The type and every public option with its value, e.g. <c>HardSharing(SharedLayers=[128, 64])</c>.</summary>
        public override string ToString() => Training.OptionDescription.Of(this);
    }
}
