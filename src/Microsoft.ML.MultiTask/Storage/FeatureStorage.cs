namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Where Fit keeps the training features while it trains: in memory (<see cref="InMemoryFeatureStorage"/>, the
    /// default) or in a temporary file read back block by block (<see cref="TemporaryFileFeatureStorage"/>, for data
    /// larger than memory). Either way the data is read from the <see cref="IDataView"/> once.
    /// </summary>
    public abstract class FeatureStorage : ComponentOptions
    {
        private protected FeatureStorage()
        {
        }

        /// <summary>Checks the options; messages name the option (prefixed with <paramref name="optionName"/>) and the expected range.</summary>
        internal abstract void Validate(string optionName);

        /// <summary>A sink for the stored entries of <paramref name="width"/>-slot feature rows as they are read.</summary>
        internal abstract Storage.FeatureSink Build(int width);
    }
}
