using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>Per-task metrics as a console table and as JSON (<c>metrics.json</c>).</summary>
    internal static class MetricsReport
    {
        public static void Print(MultiTaskMetrics metrics, string title)
        {
            var table = new Table().Title(Markup.Escape(title)).AddColumn("Task").AddColumn("Kind").AddColumn(new TableColumn("Labelled rows").RightAligned()).AddColumn("Metrics");
            foreach (var task in metrics.Tasks)
            {
                table.AddRow(Markup.Escape(task.TaskName), task.Kind.ToString(), task.LabelledRowCount.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", task.Headline.Select(h => string.Format(CultureInfo.InvariantCulture, "{0} {1:0.0000}", h.Key, h.Value)))));
            }
            AnsiConsole.Write(table);
        }

        /// <summary>Writes the metrics, with <paramref name="context"/> (data set, rows, training figures) at the top level.</summary>
        public static void Write(string path, MultiTaskMetrics metrics, IEnumerable<KeyValuePair<string, JsonNode?>> context)
        {
            var root = new JsonObject();
            foreach (var (key, value) in context)
            {
                root[key] = value;
            }
            root["tasks"] = new JsonArray(metrics.Tasks.Select(task =>
            {
                var figures = new JsonObject();
                foreach (var (name, value) in task.Headline)
                {
                    figures[name] = double.IsFinite(value) ? JsonValue.Create(value) : null;
                }
                return (JsonNode)new JsonObject
                {
                    ["name"] = task.TaskName,
                    ["kind"] = task.Kind.ToString(),
                    ["labelledRows"] = task.LabelledRowCount,
                    ["mainMetric"] = task.MainFigure.Key,
                    ["metrics"] = figures,
                };
            }).ToArray());
            File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
    }
}
