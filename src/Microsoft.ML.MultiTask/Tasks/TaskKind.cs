namespace Microsoft.ML.MultiTask
{
    /// <summary>The kind of prediction a task makes; decides its loss, output columns and metrics.</summary>
    public enum TaskKind
    {
        /// <summary>Two classes; label Boolean, or Single, Double or an integer type with 1/0 (NaN = missing for Single and Double). Loss: binary cross-entropy on logits.</summary>
        Binary,

        /// <summary>Several classes; label text (empty/NA/N/A/? = missing), key (0 = missing), an integer type, Single or Double (NaN = missing) or Boolean. Loss: cross-entropy.</summary>
        Multiclass,

        /// <summary>A real number; label Single or Double (NaN = missing). Loss: mean squared error on standardized labels.</summary>
        Regression,

        /// <summary>Several independent yes/no labels; label a known-size vector of Boolean, or of Single or Double with 1/0 (NaN = missing slot). Loss: per-slot binary cross-entropy.</summary>
        MultiLabel,

        /// <summary>
        /// Ordered classes (grades, ratings, brackets); label a key (key order), an integer type, Single or Double (numeric
        /// order; NaN = missing), or text or Boolean with an explicit class order. Loss: binary cross-entropy of each
        /// "above class j" decision, summed over the K − 1 thresholds.
        /// </summary>
        Ordinal,

        /// <summary>
        /// Rows ranked within groups named by a group column; label the relevance grade (Single or Double, a whole number
        /// 0–30, NaN = missing; or a key). Loss: softmax cross-entropy per group against the shares of the NDCG gain (ListNet).
        /// </summary>
        Ranking,

        /// <summary>
        /// A regression per group: the group is a one-hot encoded column of the features, each group seen in training gets
        /// its own output and a pooled output serves the others; label Single or Double (NaN = missing). Loss: squared error
        /// of the row's group's output and of the pooled output, on standardized labels.
        /// </summary>
        GroupedRegression,
    }
}
