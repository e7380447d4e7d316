using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// A measure between every ordered pair of tasks (row task → column task), e.g. gradient cosine or lookahead
    /// affinity. A pair the data cannot measure (no co-labelled rows, a multi-label task's label association, no step
    /// where both tasks trained) is <c>null</c> — "undefined" in the table, never 0 or NaN.
    /// </summary>
    public sealed class TaskMatrix
    {
        private readonly double?[,] _values;
        private readonly bool _counts;

        /// <param name="measure">What the values are.</param>
        /// <param name="tasks">The task names.</param>
        /// <param name="values">The values, null where undefined.</param>
        /// <param name="counts">True when the values are counts (printed without decimals).</param>
        internal TaskMatrix(string measure, IReadOnlyList<string> tasks, double?[,] values, bool counts = false)
        {
            Measure = measure;
            Tasks = tasks;
            _values = values;
            _counts = counts;
        }

        /// <summary>What the values are, e.g. "gradient cosine".</summary>
        public string Measure { get; }

        /// <summary>The tasks, in the order of the rows and columns.</summary>
        public IReadOnlyList<string> Tasks { get; }

        /// <summary>The value for the pair (row task <paramref name="from"/>, column task <paramref name="to"/>), or null when undefined.</summary>
        public double? this[string from, string to] => _values[IndexOf(from), IndexOf(to)];

        /// <summary>The value at row <paramref name="from"/>, column <paramref name="to"/> (task indices), or null when undefined.</summary>
        public double? this[int from, int to] => _values[from, to];

        private int IndexOf(string task)
        {
            for (int i = 0; i < Tasks.Count; i++)
            {
                if (Tasks[i] == task)
                {
                    return i;
                }
            }
            throw new KeyNotFoundException($"No task '{task}' in the {Measure} matrix; the tasks are {string.Join(", ", Tasks)}.");
        }

        /// <summary>A markdown table: a row per task, a column per task, "undefined" where the pair was not measured.</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Measure} | {string.Join(" | ", Tasks)} |");
            text.AppendLine("|---|" + string.Concat(Tasks.Select(_ => "---|")));
            for (int i = 0; i < Tasks.Count; i++)
            {
                text.AppendLine($"| {Tasks[i]} | " + string.Join(" | ", Enumerable.Range(0, Tasks.Count).Select(j => Format(i, j))) + " |");
            }
            return text.ToString();
        }

        private string Format(int i, int j)
            => i == j && _values[i, j] == null ? "—" : _values[i, j] is double value ? value.ToString(NumberFormat(), CultureInfo.InvariantCulture) : "undefined";

        /// <summary>Counts without decimals; otherwise enough decimals for three significant digits of the largest value off the diagonal (affinities are often ~1e-4).</summary>
        private string NumberFormat()
        {
            if (_counts)
            {
                return "0";
            }
            var values = Enumerable.Range(0, Tasks.Count).SelectMany(i => Enumerable.Range(0, Tasks.Count).Where(j => j != i).Select(j => _values[i, j])).OfType<double>().ToArray();
            double largest = values.Select(Math.Abs).DefaultIfEmpty(0).Max();
            int decimals = largest > 0 ? Math.Clamp((int)Math.Ceiling(-Math.Log10(largest)) + 2, 3, 8) : 3;
            return "0." + new string('0', decimals);
        }
    }
}
