namespace Microsoft.ML.MultiTask
{
    /// <summary>What automatic featurization makes of a column (see <see cref="MultiTaskCatalog.Featurize"/>).</summary>
    public enum ColumnRole
    {
        /// <summary>A label column of a task: not a feature.</summary>
        Label,

        /// <summary>Numbers (or a Boolean read as 0/1, or a vector of Single): converted to Single, missing values replaced by the column's mean.</summary>
        Numeric,

        /// <summary>A few distinct values (text, key): one-hot encoded, its slots named <c>Column.Value</c>.</summary>
        Categorical,

        /// <summary>Free text (long values with spaces): ML.NET's <c>FeaturizeText</c> (n-grams).</summary>
        Text,

        /// <summary>A different value on (nearly) every row — an identifier — or too many categories to learn from: dropped.</summary>
        Identifier,

        /// <summary>A column that gives a label away (the label is a function of it): dropped, with a warning.</summary>
        Leak,

        /// <summary>A type featurization does not read (dates, variable-size vectors): dropped.</summary>
        Ignored,
    }
}
