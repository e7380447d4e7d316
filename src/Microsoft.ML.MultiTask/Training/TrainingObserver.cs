namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// A listener on every step and epoch of a Fit (internal hook: per-task early stopping, task affinity and tests
    /// build on it). It sees the step after the backward pass and before the optimizer moves, and may record values
    /// into the history at the end of each epoch (<see cref="EpochEnd.Record"/>).
    /// </summary>
    internal abstract class TrainingObserver : TrainingExtension
    {
        /// <summary>True when <see cref="OnStep"/> differentiates the step's losses again (the backward pass then keeps the graph).</summary>
        public virtual bool NeedsGraph => false;

        /// <summary>Called after the gradients of a step are final, before the optimizer step.</summary>
        public virtual void OnStep(TrainingStep step)
        {
        }

        /// <summary>Called once after training, with the network holding the weights the model will have, in eval mode.</summary>
        public virtual void OnTrainingEnd(Architectures.IMultiTaskNetwork network, Data.MultiTaskDataSet training)
        {
        }
    }
}
