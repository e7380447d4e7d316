using System.Linq;
using System.Text.Json.Nodes;

namespace Microsoft.ML.MultiTask.NotebookRunner
{
    /// <summary>One output of a code cell: printed text, or HTML given to <c>display(HTML(...))</c>.</summary>
    public sealed record CellOutput(string? Text, string? Html)
    {
        public JsonObject ToJson() => Html == null
            ? new JsonObject
            {
                ["name"] = "stdout",
                ["output_type"] = "stream",
                ["text"] = new JsonArray(Lines(Text ?? string.Empty)),
            }
            : new JsonObject
            {
                ["data"] = new JsonObject { ["text/html"] = new JsonArray(Lines(Html)) },
                ["metadata"] = new JsonObject(),
                ["output_type"] = "display_data",
            };

        /// <summary>nbformat keeps multi-line text as a list of lines, each but the last ending in a newline.</summary>
        private static JsonNode?[] Lines(string text)
        {
            var lines = text.Split('\n');
            return lines.Select((line, i) => i < lines.Length - 1 ? line + "\n" : line).Where(l => l.Length > 0).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray();
        }
    }
}
