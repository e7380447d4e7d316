using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.ML.MultiTask.NotebookRunner
{
    /// <summary>A .ipynb file (nbformat 4) as JSON: its cells, and the outputs a run writes back into it.</summary>
    public sealed class Notebook
    {
        private readonly JsonObject _root;

        private Notebook(string path, JsonObject root)
        {
            Path = path;
            _root = root;
        }

        public string Path { get; }

        /// <summary>The code cells' sources, in order.</summary>
        public IReadOnlyList<string> CodeCells => Cells.Where(IsCode).Select(Source).ToList();

        private IEnumerable<JsonObject> Cells => (_root["cells"] as JsonArray ?? new JsonArray()).OfType<JsonObject>();

        public static Notebook Load(string path)
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidDataException($"'{path}' is not a JSON object, so not a notebook.");
            return new Notebook(path, root);
        }

        /// <summary>Problems that make the file invalid nbformat 4 (the required keys and types of the format's schema); empty when valid.</summary>
        public IReadOnlyList<string> Validate()
        {
            var problems = new List<string>();
            if (_root["nbformat"]?.GetValue<int>() != 4)
            {
                problems.Add("nbformat must be 4");
            }
            if (_root["nbformat_minor"] is not JsonValue)
            {
                problems.Add("nbformat_minor is missing");
            }
            if (_root["metadata"] is not JsonObject)
            {
                problems.Add("metadata must be an object");
            }
            if (_root["cells"] is not JsonArray cells)
            {
                problems.Add("cells must be an array");
                return problems;
            }
            for (int i = 0; i < cells.Count; i++)
            {
                if (cells[i] is not JsonObject cell)
                {
                    problems.Add($"cell {i} is not an object");
                    continue;
                }
                string? type = cell["cell_type"]?.GetValue<string>();
                if (type is not ("code" or "markdown" or "raw"))
                {
                    problems.Add($"cell {i}: cell_type '{type}' is not code, markdown or raw");
                }
                if (cell["metadata"] is not JsonObject)
                {
                    problems.Add($"cell {i}: metadata must be an object");
                }
                if (cell["source"] is not (JsonArray or JsonValue))
                {
                    problems.Add($"cell {i}: source must be a string or a list of strings");
                }
                if (type == "code" && (cell["outputs"] is not JsonArray || !cell.ContainsKey("execution_count")))
                {
                    problems.Add($"cell {i}: a code cell needs outputs (a list) and execution_count");
                }
                if (type != "code" && (cell.ContainsKey("outputs") || cell.ContainsKey("execution_count")))
                {
                    problems.Add($"cell {i}: only code cells have outputs and execution_count");
                }
            }
            return problems;
        }

        /// <summary>Replaces every code cell's outputs with those of a run (one list per code cell).</summary>
        public void SetOutputs(IReadOnlyList<IReadOnlyList<CellOutput>> outputs)
        {
            int index = 0;
            foreach (var cell in Cells.Where(IsCode))
            {
                var list = index < outputs.Count ? outputs[index] : Array.Empty<CellOutput>();
                cell["execution_count"] = index + 1;
                cell["outputs"] = new JsonArray(list.Select(o => o.ToJson(index + 1)).ToArray());
                index++;
            }
        }

        public void Save() => File.WriteAllText(Path, _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

        private static bool IsCode(JsonObject cell) => cell["cell_type"]?.GetValue<string>() == "code";

        private static string Source(JsonObject cell) => cell["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
            JsonValue text => text.GetValue<string>(),
            _ => string.Empty,
        };
    }
}
