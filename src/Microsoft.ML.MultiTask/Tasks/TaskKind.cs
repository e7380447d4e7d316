namespace Microsoft.ML.MultiTask
{
    /// <summary>The kind of prediction a task makes; decides its loss, output columns and metrics.</summary>
    public enum TaskKind
    {
        /// <summary>Two classes; label bool, or float/double 1/0 (NaN = missing). Loss: binary cross-entropy on logits.</summary>
        Binary,

        /// <summary>Several classes; label text, key or integer. Loss: cross-entropy.</summary>
        Multiclass,

        /// <summary>A real number; label float or double (NaN = missing). Loss: mean squared error on standardized labels.</summary>
        Regression,

        /// <summary>Several independent yes/no labels; label a known-size vector of bool or float. Loss: per-slot binary cross-entropy.</summary>
        MultiLabel,
    }
}
