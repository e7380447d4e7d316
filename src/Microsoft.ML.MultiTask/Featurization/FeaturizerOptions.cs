namespace Microsoft.ML.MultiTask
{
    /// <summary>Options of automatic featurization (<see cref="MultiTaskCatalog.Featurize"/>), with documented defaults.</summary>
    public sealed class FeaturizerOptions
    {
        /// <summary>The feature vector's name. Default <c>"Features"</c>, the trainer's default.</summary>
        public string FeatureColumnName { get; set; } = "Features";

        /// <summary>Rows read to infer the roles (the first ones). Default 100,000.</summary>
        public int MaxRowsRead { get; set; } = 100_000;

        /// <summary>A text or key column with at most this many distinct values is categorical (one-hot). Default 1,000.</summary>
        public int MaxCategories { get; set; } = 1_000;

        /// <summary>
        /// Text whose values average at least this many characters and mostly hold a space is free text — unless its values
        /// repeat (at most <see cref="MaxCategories"/> distinct values, on at most half the rows): then it is categorical. Default 20.
        /// </summary>
        public int MinTextLength { get; set; } = 20;

        /// <summary>Detect and drop columns the labels are a function of (see <see cref="ColumnRole.Leak"/>). Default true.</summary>
        public bool DropLeaks { get; set; } = true;
    }
}
