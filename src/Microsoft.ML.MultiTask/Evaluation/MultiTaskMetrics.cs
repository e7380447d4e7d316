using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Microsoft.ML.MultiTask
{
    /// <summary>The metrics of every task of a multi-task model, by task name.</summary>
    public sealed class MultiTaskMetrics
    {
        private readonly IReadOnlyList<TaskMetrics> _tasks;

        internal MultiTaskMetrics(IReadOnlyList<TaskMetrics> tasks)
        {
            _tasks = tasks;
        }

        /// <summary>The per-task metrics, in task order.</summary>
        public IReadOnlyList<TaskMetrics> Tasks => _tasks;

        /// <summary>The metrics of the task named <paramref name="taskName"/>.</summary>
        public TaskMetrics this[string taskName] => _tasks.FirstOrDefault(t => t.TaskName == taskName)
            ?? throw new KeyNotFoundException($"No task named '{taskName}'. Tasks: {string.Join(", ", _tasks.Select(t => t.TaskName))}.");

        /// <summary>One table: a row per task with its labelled row count and headline metrics; then a line per task with rows of classes unseen in training.</summary>
        public override string ToString()
        {
            var rows = _tasks.Select(t => new[]
            {
                t.TaskName,
                t.Kind.ToString(),
                t.LabelledRowCount.ToString(CultureInfo.InvariantCulture),
                string.Join("  ", t.Headline.Select(p => $"{p.Key} {p.Value.ToString("0.0000", CultureInfo.InvariantCulture)}")),
            }).ToList();
            var header = new[] { "Task", "Kind", "Rows", "Metrics" };
            var widths = Enumerable.Range(0, header.Length).Select(i => Math.Max(header[i].Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
            var text = new StringBuilder();
            void Line(IReadOnlyList<string> cells) => text.Append("| ").Append(string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i])))).AppendLine(" |");
            Line(header);
            Line(widths.Select(w => new string('-', w)).ToArray());
            rows.ForEach(Line);
            foreach (var task in _tasks.Where(t => t.UnknownClassRowCount > 0))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{task.TaskName}: {task.UnknownClassRowCount} rows have a class not seen in training; they are left out of its metrics.");
            }
            return text.ToString();
        }
    }
}
