using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Relatedness
{
    /// <summary>
    /// The best split of the tasks into k groups by total affinity: every split (restricted growth strings) for up to
    /// <see cref="ExhaustiveLimit"/> tasks, else a greedy search that seeds k groups and adds each task where it raises
    /// the score most. An undefined affinity counts as 0.
    /// </summary>
    internal static class GroupingSearch
    {
        public const int ExhaustiveLimit = 8;

        public static TaskGrouping Best(TaskMatrix affinity, int groups)
        {
            int tasks = affinity.Tasks.Count;
            if (groups < 1 || groups > tasks)
            {
                throw new ArgumentOutOfRangeException(nameof(groups), groups, $"A grouping needs between 1 and {tasks} groups (the number of tasks); got {groups}.");
            }
            var (assignment, score) = tasks <= ExhaustiveLimit ? Exhaustive(affinity, groups) : Greedy(affinity, groups);
            var names = Enumerable.Range(0, groups)
                .Select(g => (IReadOnlyList<string>)Enumerable.Range(0, tasks).Where(t => assignment[t] == g).Select(t => affinity.Tasks[t]).ToArray())
                .ToArray();
            return new TaskGrouping(names, score, tasks <= ExhaustiveLimit);
        }

        /// <summary>Per task, the mean affinity onto it from the others of its group, summed (tasks assigned −1 are not placed yet and count for nothing).</summary>
        public static double Score(TaskMatrix affinity, int[] assignment)
        {
            double total = 0;
            for (int target = 0; target < assignment.Length; target++)
            {
                if (assignment[target] < 0)
                {
                    continue;
                }
                var sources = Enumerable.Range(0, assignment.Length).Where(s => s != target && assignment[s] == assignment[target]).ToArray();
                if (sources.Length > 0)
                {
                    total += sources.Average(s => affinity[s, target] ?? 0);
                }
            }
            return total;
        }

        private static (int[] Assignment, double Score) Exhaustive(TaskMatrix affinity, int groups)
        {
            int tasks = affinity.Tasks.Count;
            var current = new int[tasks];
            int[]? best = null;
            double bestScore = double.NegativeInfinity;
            // Restricted growth strings: task t joins a group used before it or opens the next one; each split appears once.
            void Visit(int task, int used)
            {
                if (task == tasks)
                {
                    if (used == groups)
                    {
                        double score = Score(affinity, current);
                        if (score > bestScore)
                        {
                            (best, bestScore) = ((int[])current.Clone(), score);
                        }
                    }
                    return;
                }
                for (int g = 0; g <= Math.Min(used, groups - 1); g++)
                {
                    if (tasks - task - 1 >= groups - Math.Max(used, g + 1))
                    {
                        current[task] = g;
                        Visit(task + 1, Math.Max(used, g + 1));
                    }
                }
            }
            Visit(0, 0);
            return (best!, bestScore);
        }

        private static (int[] Assignment, double Score) Greedy(TaskMatrix affinity, int groups)
        {
            int tasks = affinity.Tasks.Count;
            var assignment = Enumerable.Repeat(-1, tasks).ToArray();
            for (int g = 0; g < groups; g++)
            {
                assignment[g] = g;
            }
            for (int task = groups; task < tasks; task++)
            {
                int best = 0;
                double bestScore = double.NegativeInfinity;
                for (int g = 0; g < groups; g++)
                {
                    assignment[task] = g;
                    double score = Score(affinity, assignment);
                    if (score > bestScore)
                    {
                        (best, bestScore) = (g, score);
                    }
                }
                assignment[task] = best;
            }
            return (assignment, Score(affinity, assignment));
        }
    }
}
