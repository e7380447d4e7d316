namespace Microsoft.ML.MultiTask
{
    /// <summary>Every task's metrics on the rows of one value of the group column.</summary>
    public sealed class GroupMetrics
    {
        internal GroupMetrics(string group, long rows, MultiTaskMetrics metrics)
        {
            Group = group;
            Rows = rows;
            Metrics = metrics;
        }

        /// <summary>The group column's value, as text.</summary>
        public string Group { get; }

        /// <summary>Rows with this value.</summary>
        public long Rows { get; }

        /// <summary>ML.NET's metrics of every task on these rows (a task without labelled rows in the group has none).</summary>
        public MultiTaskMetrics Metrics { get; }
    }
}
