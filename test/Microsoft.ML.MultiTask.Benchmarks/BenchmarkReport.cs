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

        public static readonly IReadOnlyList<string> Sections = new[] { Accuracy, TrainingCost, Overhead, Serving, Scale, Architectures, Balancing, Relatedness, AccuracyGoal, TaskKinds, ManyTasks };

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
