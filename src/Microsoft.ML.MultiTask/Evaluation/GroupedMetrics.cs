using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Every task's metrics per value of a group column (e.g. sex or race), to check that a model serves every group
    /// alike: the rows per group, and per task the largest gap of its main figure between two groups.
    /// </summary>
    public sealed class GroupedMetrics
    {
        internal GroupedMetrics(string groupColumn, IReadOnlyList<string> tasks, IReadOnlyList<GroupMetrics> groups)
        {
            GroupColumn = groupColumn;
            Tasks = tasks;
            Groups = groups;
        }

        /// <summary>The column the rows were grouped by.</summary>
        public string GroupColumn { get; }

        /// <summary>The tasks, in the model's order.</summary>
        public IReadOnlyList<string> Tasks { get; }

        /// <summary>One entry per group value, in order of first appearance.</summary>
        public IReadOnlyList<GroupMetrics> Groups { get; }

        /// <summary>
        /// The task's main figure (<see cref="TaskMetrics.MainFigure"/>) in its best and worst group and their difference, over the
        /// groups where the figure is defined; null when fewer than two groups have it.
        /// </summary>
        public (string Best, string Worst, double Gap)? LargestGap(string task)
        {
            var figures = Groups.Select(g => (g.Group, Figure: Figure(g, task))).Where(f => f.Figure is double d && double.IsFinite(d)).ToList();
            if (figures.Count < 2)
            {
                return null;
            }
            var best = figures.MaxBy(f => f.Figure)!;
            var worst = figures.MinBy(f => f.Figure)!;
            return (best.Group, worst.Group, best.Figure!.Value - worst.Figure!.Value);
        }

        private static double? Figure(GroupMetrics group, string task)
            => group.Metrics.Tasks.FirstOrDefault(t => t.TaskName == task)?.MainFigure.Value;

        /// <summary>A markdown table: a row per group with its rows and each task's main figure, then each task's largest gap.</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            var metricNames = Tasks.Select(t => Groups.Select(g => g.Metrics.Tasks.FirstOrDefault(m => m.TaskName == t)?.MainFigure.Key).FirstOrDefault(k => k != null) ?? "figure").ToArray();
            text.AppendLine($"| {GroupColumn} | rows | " + string.Join(" | ", Tasks.Select((t, i) => $"{t} ({metricNames[i]})")) + " |");
            text.AppendLine("|---|---|" + string.Concat(Tasks.Select(_ => "---|")));
            foreach (var group in Groups)
            {
                text.AppendLine($"| {group.Group} | {group.Rows} | " + string.Join(" | ", Tasks.Select(t => Figure(group, t) is double f ? f.ToString("0.0000", CultureInfo.InvariantCulture) : "undefined")) + " |");
            }
            text.Append("| largest gap | | ").AppendJoin(" | ", Tasks.Select(t => LargestGap(t) is var (best, worst, gap) ? $"{gap.ToString("0.0000", CultureInfo.InvariantCulture)} ({best} vs {worst})" : "undefined")).AppendLine(" |");
            return text.ToString();
        }
    }
}
