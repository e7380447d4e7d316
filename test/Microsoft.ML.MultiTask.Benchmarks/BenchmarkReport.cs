using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>The markdown report: sections with tables, every figure formatted from a measurement of this run.</summary>
    public sealed class BenchmarkReport
    {
        public const string Accuracy = "## 1. Accuracy";
        public const string TrainingCost = "## 2. Training cost";
        public const string Overhead = "## 3. Library overhead";
        public const string Serving = "## 4. Serving cost";
        public const string Scale = "## 5. Scale";
        public const string Architectures = "## 6. Architectures";
        public const string Balancing = "## 7. Balancing the tasks";
        public const string Relatedness = "## 8. Task relatedness";
        public const string AccuracyGoal = "## 9. Accuracy against one LightGBM per task";
        public const string TaskKinds = "## 10. Task kinds";
        public const string ManyTasks = "## 11. Many tasks";
        public const string LabelScarcity = "## 12. Scarce labels and transfer";
        public const string Tuning = "## 13. Tuning";
        public const string RowScale = "## 14. Rows and memory at scale";

        public static readonly IReadOnlyList<string> Sections = new[] { Accuracy, TrainingCost, Overhead, Serving, Scale, Architectures, Balancing, Relatedness, AccuracyGoal, TaskKinds, ManyTasks, LabelScarcity, Tuning, RowScale };

        private readonly StringBuilder _text = new StringBuilder();

        public void Heading(string heading) => _text.AppendLine().AppendLine(heading).AppendLine();

        public void Paragraph(string text) => _text.AppendLine(text).AppendLine();

        public void Table(string[] header, IEnumerable<string[]> rows)
        {
            _text.AppendLine("| " + string.Join(" | ", header) + " |");
            _text.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
            foreach (var row in rows)
            {
                _text.AppendLine("| " + string.Join(" | ", row) + " |");
            }
            _text.AppendLine();
        }

        public override string ToString() => _text.ToString();

        /// <summary>
        /// <paramref name="existing"/> with its sections <paramref name="first"/> to <paramref name="last"/> replaced by
        /// <paramref name="sections"/> (inserted before the next section, or appended, when it lacks them).
        /// </summary>
        public static string Splice(string existing, string sections, string first, string last, string stamp)
        {
            int start = existing.IndexOf(first, StringComparison.Ordinal);
            var later = Sections.Skip(Sections.ToList().IndexOf(last) + 1).Select(h => existing.IndexOf(h, StringComparison.Ordinal)).Where(i => i >= 0).ToList();
            int end = later.Count > 0 ? later.Min() : existing.Length;
            if (start < 0)
            {
                start = end;
            }
            // The stamp goes under the first regenerated heading.
            string body = sections.Trim();
            int firstLineEnd = body.IndexOf('\n');
            body = firstLineEnd < 0 ? body : body.Substring(0, firstLineEnd + 1) + Environment.NewLine + stamp + Environment.NewLine + body.Substring(firstLineEnd + 1);
            return existing.Substring(0, start).TrimEnd() + Environment.NewLine + Environment.NewLine + body + Environment.NewLine + (end < existing.Length ? Environment.NewLine + existing.Substring(end) : string.Empty);
        }

        public static string F(double value, string format = "0.0000") => value.ToString(format, CultureInfo.InvariantCulture);

        /// <summary>Mean ± sample standard deviation (just the value for one sample).</summary>
        public static string MeanSpread(IReadOnlyList<double> values, string format = "0.0000")
        {
            double mean = values.Average();
            if (values.Count < 2)
            {
                return F(mean, format);
            }
            double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
            return $"{F(mean, format)} ± {F(sd, format)}";
        }

        public static string Seconds(TimeSpan elapsed) => F(elapsed.TotalSeconds, "0.00") + " s";

        public static string Megabytes(double megabytes) => F(megabytes, "0") + " MB";
    }
}
