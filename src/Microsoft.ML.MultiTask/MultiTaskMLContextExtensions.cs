namespace Microsoft.ML.MultiTask
{
    /// <summary>Adds <see cref="MultiTask"/> to <see cref="MLContext"/>.</summary>
    public static class MultiTaskMLContextExtensions
    {
        /// <summary>Multi-task learning: <c>mlContext.MultiTask().Trainers.SharedEncoder(...)</c> and <c>mlContext.MultiTask().Evaluate(...)</c>.</summary>
        /// <param name="mlContext">The ML.NET context.</param>
        public static MultiTaskCatalog MultiTask(this MLContext mlContext) => new MultiTaskCatalog(mlContext);
    }
}
