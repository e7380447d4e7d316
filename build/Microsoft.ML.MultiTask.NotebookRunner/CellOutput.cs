using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Microsoft.ML.MultiTask.NotebookRunner
{
    /// <summary>
    /// One output of a code cell as nbformat 4 stores it: a stream (stdout or stderr text), a displayed value
    /// (<c>display(...)</c>) or the cell's result (a bare final expression), the last two by MIME type.
    /// </summary>
    public sealed class CellOutput
    {
        private CellOutput(string outputType, string? streamName, string? text, IReadOnlyDictionary<string, string> data)
        {
            OutputType = outputType;
            StreamName = streamName;
            Text = text;
            Data = data;
        }

        /// <summary>nbformat's output_type: stream, display_data or execute_result.</summary>
        public string OutputType { get; }

        /// <summary>stdout or stderr for a stream; null otherwise.</summary>
        public string? StreamName { get; }

        /// <summary>A stream's text; null otherwise.</summary>
        public string? Text { get; }

        /// <summary>A displayed value or result by MIME type (text/plain, text/html, ...); empty for a stream.</summary>
        public IReadOnlyDictionary<string, string> Data { get; }

        /// <summary>What kind of output this is, without its content: "stream:stdout", "display_data:text/html", ...</summary>
        public string Shape => Describe(OutputType, StreamName, Data.Keys);

        public static CellOutput Stream(string name, string text) => new("stream", name, text, new Dictionary<string, string>());

        public static CellOutput Display(IReadOnlyDictionary<string, string> data) => new("display_data", null, null, data);

        public static CellOutput Result(IReadOnlyDictionary<string, string> data) => new("execute_result", null, null, data);

        /// <summary>The same description as <see cref="Shape"/>, for an output read back from a saved notebook.</summary>
        public static string Describe(string outputType, string? streamName, IEnumerable<string> mimeTypes) => outputType == "stream"
            ? $"stream:{streamName}"
            : $"{outputType}:{string.Join(",", mimeTypes.OrderBy(m => m, System.StringComparer.Ordinal))}";

        /// <summary>This output appended to a stream output of the same name (consecutive writes are one output, as Jupyter shows them).</summary>
        public CellOutput Append(string text) => new(OutputType, StreamName, Text + text, Data);

        public JsonObject ToJson(int executionCount)
        {
            if (OutputType == "stream")
            {
                return new JsonObject { ["name"] = StreamName, ["output_type"] = "stream", ["text"] = new JsonArray(Lines(Text ?? string.Empty)) };
            }
            var data = new JsonObject();
            foreach (var (mime, value) in Data.OrderBy(d => d.Key, System.StringComparer.Ordinal))
            {
                data[mime] = new JsonArray(Lines(value));
            }
            var output = new JsonObject { ["data"] = data, ["metadata"] = new JsonObject(), ["output_type"] = OutputType };
            if (OutputType == "execute_result")
            {
                output["execution_count"] = executionCount;
            }
            return output;
        }

        /// <summary>nbformat keeps multi-line text as a list of lines, each but the last ending in a newline.</summary>
        private static JsonNode?[] Lines(string text)
        {
            var lines = text.Split('\n');
            return lines.Select((line, i) => i < lines.Length - 1 ? line + "\n" : line).Where(l => l.Length > 0).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray();
        }
    }
}
