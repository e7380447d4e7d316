using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// A split of the tasks into groups, each trained as one multi-task model, and its total affinity: per task, the mean
    /// lookahead affinity onto it from the other tasks of its group, summed over the tasks (a task alone adds 0), as in
    /// Fifty et al. (NeurIPS 2021).
    /// </summary>
    public sealed class TaskGrouping
    {
        internal TaskGrouping(IReadOnlyList<IReadOnlyList<string>> groups, double totalAffinity, bool exhaustive)
        {
            Groups = groups;
            TotalAffinity = totalAffinity;
            Exhaustive = exhaustive;
        }

        /// <summary>The groups, each a list of task names.</summary>
        public IReadOnlyList<IReadOnlyList<string>> Groups { get; }

        /// <summary>The grouping's score: higher means the tasks grouped together help each other more.</summary>
        public double TotalAffinity { get; }

        /// <summary>True when every split into this many groups was scored (≤ 8 tasks); false for the greedy search.</summary>
        public bool Exhaustive { get; }

        /// <summary>E.g. <c>{Income, NeverMarried} {Random}: 0.000123</c> (three significant digits: affinities are often small).</summary>
        public override string ToString()
            => string.Join(" ", Groups.Select(g => "{" + string.Join(", ", g) + "}")) + $": {TotalAffinity.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
