namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Keeps the training features in memory: dense float32 rows when more than a quarter of the entries are non-zero or
    /// the features are standardized, compressed sparse rows otherwise. The default; see docs/scaling.md for what it costs.
    /// </summary>
    public sealed class InMemoryFeatureStorage : FeatureStorage
    {
        internal override void Validate(string optionName)
        {
        }

        internal override Storage.FeatureSink Build(int width) => new Storage.InMemoryFeatureSink(width);
    }
}
