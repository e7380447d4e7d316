using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using Microsoft.ML.MultiTask.Onnx;
using Microsoft.ML.MultiTask.Tasks;

namespace Microsoft.ML.MultiTask.Scoring
{
    /// <summary>
    /// What a saved model needs to be described without training code: the feature column and the
    /// tasks. Written as JSON into the ONNX graph's metadata, so it travels inside the model zip.
    /// </summary>
    internal sealed class ModelMetadata
    {
        /// <summary>The metadata key the JSON is stored under.</summary>
        public const string Key = "Microsoft.ML.MultiTask.Model";

        public string FeatureColumn { get; set; } = string.Empty;

        public int FeatureCount { get; set; }

        public List<TaskEntry> Tasks { get; set; } = new List<TaskEntry>();

        /// <summary>The graph's outputs, which are also the columns they become. Empty in zips written before it was stored.</summary>
        public List<string> Outputs { get; set; } = new List<string>();

        /// <summary>
        /// True when the graph reads NaN and ±∞ features as 0 (<c>Options.ReplaceNonFiniteFeatures</c>); false when batched
        /// scoring must refuse them. Null in zips written before it was stored, which are scored without the check.
        /// </summary>
        public bool? ReplacesNonFiniteFeatures { get; set; }

        public static ModelMetadata Describe(string featureColumn, int featureCount, bool replacesNonFiniteFeatures, IReadOnlyList<TaskHead> heads, IEnumerable<string> outputs) => new ModelMetadata
        {
            FeatureColumn = featureColumn,
            FeatureCount = featureCount,
            ReplacesNonFiniteFeatures = replacesNonFiniteFeatures,
            Outputs = outputs.ToList(),
            Tasks = heads.Select(h => new TaskEntry
            {
                Name = h.Definition.Name,
                Kind = h.Definition.Kind,
                LabelColumn = h.Definition.LabelColumnName,
                LossWeight = h.Definition.LossWeight,
                Classes = h.ClassNames?.ToList(),
                GroupColumn = h.Definition.GroupColumnName,
            }).ToList(),
        };

        public string ToJson() => JsonSerializer.Serialize(this);

        /// <summary>The task definitions as they were given to the trainer.</summary>
        public IReadOnlyList<TaskDefinition> ToTaskDefinitions()
            => Tasks.Select(t => TaskDefinition.Create(t.Kind, t.Name, t.LabelColumn, t.LossWeight, t.GroupColumn)).ToArray();

        /// <summary>Reads the metadata from a model zip; null when the zip holds no graph of this library.</summary>
        /// <param name="zip">The model zip.</param>
        /// <param name="graph">The ONNX graph the metadata was found in, as <c>ExportOnnx</c> writes it.</param>
        /// <exception cref="InvalidDataException">The stream is not a zip archive.</exception>
        public static ModelMetadata? ReadFromZip(Stream zip, out byte[] graph)
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            // OnnxTransformer stores its graph as an "OnnxModel" entry: a 32-bit length, then the graph's bytes.
            foreach (var entry in archive.Entries.Where(e => e.Name == "OnnxModel"))
            {
                using var content = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(content);
                }
                var bytes = content.GetBuffer().AsSpan(0, (int)content.Length);
                var metadata = FromGraph(bytes);
                if (metadata != null && bytes.Length >= 4 && BitConverter.ToInt32(bytes) == bytes.Length - 4)
                {
                    graph = bytes.Slice(4).ToArray();
                    return metadata;
                }
            }
            graph = Array.Empty<byte>();
            return null;
        }

        /// <summary>The metadata in an ONNX graph of this library; null when the graph has none.</summary>
        public static ModelMetadata? FromGraph(ReadOnlySpan<byte> graph)
            => OnnxMetadataReader.Find(graph, Key) is string json ? JsonSerializer.Deserialize<ModelMetadata>(json) : null;

        /// <summary>Opens a model zip for reading; the errors name the path.</summary>
        public static FileStream OpenZip(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("Give the path of a model zip.", nameof(path));
            }
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
            }
            return File.OpenRead(path);
        }

        /// <summary>The metadata and graph of a multi-task model zip, or an error naming <paramref name="source"/> when it is not one.</summary>
        public static ModelMetadata Read(Stream stream, string source, out byte[] graph)
        {
            ModelMetadata? metadata;
            try
            {
                metadata = ReadFromZip(stream, out graph);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{Describe(source)} is not an ML.NET model zip ({e.Message}).", e);
            }
            return metadata ?? throw new InvalidDataException(
                $"{Describe(source)} is an ML.NET model zip without a multi-task model (no graph written by Microsoft.ML.MultiTask is in it); load it with mlContext.Model.Load.");
        }

        /// <summary>A path quoted, or a description ("the model stream") capitalized, to start a message.</summary>
        public static string Describe(string source) => source.StartsWith("the ", StringComparison.Ordinal) ? char.ToUpperInvariant(source[0]) + source.Substring(1) : $"'{source}'";

        /// <summary>One task as stored.</summary>
        internal sealed class TaskEntry
        {
            public string Name { get; set; } = string.Empty;

            public TaskKind Kind { get; set; }

            public string LabelColumn { get; set; } = string.Empty;

            public float LossWeight { get; set; }

            public List<string>? Classes { get; set; }

            /// <summary>A ranking task's group column; null for other kinds.</summary>
            public string? GroupColumn { get; set; }
        }
    }
}
