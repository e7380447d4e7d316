namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>What a task's label is, for measures between tasks' labels (label association).</summary>
    internal enum LabelScale
    {
        /// <summary>One number per row (a regression value, or 1/0 for binary).</summary>
        Numeric,

        /// <summary>One class per row, unordered.</summary>
        Categorical,

        /// <summary>Several labels per row (multi-label): no single association.</summary>
        Several,
    }
}
