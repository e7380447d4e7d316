using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>The columns a multi-task model adds for its tasks (<c>Task.Score</c>, <c>Task.PredictedLabel</c>, ...), in task order.</summary>
    internal static class TaskOutputColumns
    {
        public static IReadOnlyList<DataViewSchema.Column> Of(DataViewSchema scored, DataViewSchema input, IEnumerable<string> taskNames)
            => taskNames.SelectMany(task => scored.Where(c => !c.IsHidden && c.Name.StartsWith(task + ".", StringComparison.Ordinal)
                // Not an input column, and not a label the tool converted for the task (ResolvedTask).
                && input.GetColumnOrNull(c.Name) == null && c.Name != task + ".Label")).ToList();
    }
}
