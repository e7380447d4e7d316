namespace Microsoft.ML.MultiTask
{
    /// <summary>How <see cref="AlternatingTraining"/> chooses the task a step trains.</summary>
    public enum TaskSelection
    {
        /// <summary>The tasks in turn, one per step, in task order. The default.</summary>
        RoundRobin,

        /// <summary>A random task per step, with probability proportional to its labelled training rows (seeded, so reproducible).</summary>
        ProportionalToLabelledRows,
    }
}
