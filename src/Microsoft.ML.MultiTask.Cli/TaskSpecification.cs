using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>
    /// One <c>--task</c> value: <c>NAME[:KIND[=COLUMN]][,column=C][,group=G][,positive=V][,order=A|B|C][,weight=W]</c>.
    /// KIND is binary, multiclass, regression, ordinal, multilabel (COLUMN lists 0/1 columns as A|B|C), ranking or
    /// grouped-regression (both with group=G); without it the kind is inferred from the column's values. COLUMN defaults to NAME.
    /// </summary>
    internal sealed class TaskSpecification
    {
        public static readonly string[] Kinds = { "binary", "multiclass", "regression", "ordinal", "multilabel", "ranking", "grouped-regression" };

        private TaskSpecification(string name, string? kind, IReadOnlyList<string> columns, IReadOnlyDictionary<string, string> settings, string text)
        {
            Name = name;
            Kind = kind;
            Columns = columns;
            Settings = settings;
            Text = text;
        }

        public string Name { get; }

        /// <summary>The kind asked for, or null to infer it.</summary>
        public string? Kind { get; }

        /// <summary>The label column (several for multilabel).</summary>
        public IReadOnlyList<string> Columns { get; }

        /// <summary>group, positive, order, weight.</summary>
        public IReadOnlyDictionary<string, string> Settings { get; }

        /// <summary>The <c>--task</c> text, for messages.</summary>
        public string Text { get; }

        public float Weight => Settings.TryGetValue("weight", out var w)
            ? float.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out float weight) && weight >= 0 && float.IsFinite(weight)
                ? weight
                : throw new UsageException($"--task {Text}: weight '{w}' is not a number >= 0.")
            : 1f;

        public string? Group => Settings.TryGetValue("group", out var g) ? g : null;

        public static TaskSpecification Parse(string text)
        {
            const string Form = "NAME[:KIND[=COLUMN]][,column=C][,group=G][,positive=V][,order=A|B|C][,weight=W]";
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UsageException($"--task: an empty value; write {Form}.");
            }
            var parts = text.Split(',').Select(p => p.Trim()).ToArray();
            int colon = parts[0].IndexOf(':');
            string name = (colon < 0 ? parts[0] : parts[0].Substring(0, colon)).Trim();
            if (name.Length == 0)
            {
                throw new UsageException($"--task {text}: the task has no name; write {Form}.");
            }
            string? kind = null;
            string? column = null;
            if (colon >= 0)
            {
                string kindPart = parts[0].Substring(colon + 1);
                int equals = kindPart.IndexOf('=');
                kind = (equals < 0 ? kindPart : kindPart.Substring(0, equals)).Trim().ToLowerInvariant();
                column = equals < 0 ? null : kindPart.Substring(equals + 1).Trim();
                if (!Kinds.Contains(kind))
                {
                    throw new UsageException($"--task {text}: unknown kind '{kind}'; the kinds are {string.Join(", ", Kinds)} (or leave it out to infer it).");
                }
            }
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var part in parts.Skip(1))
            {
                int equals = part.IndexOf('=');
                string key = equals < 0 ? part : part.Substring(0, equals).Trim().ToLowerInvariant();
                if (equals < 0 || !new[] { "column", "group", "positive", "order", "weight" }.Contains(key))
                {
                    throw new UsageException($"--task {text}: '{part}' is not one of column=, group=, positive=, order=, weight=.");
                }
                settings[key] = part.Substring(equals + 1).Trim();
            }
            if (settings.TryGetValue("column", out var named))
            {
                column = named;
            }
            var columns = (column ?? name).Split('|').Select(c => c.Trim()).Where(c => c.Length > 0).ToArray();
            if ((kind == "ranking" || kind == "grouped-regression") && !settings.ContainsKey("group"))
            {
                throw new UsageException($"--task {text}: a {kind} task needs its group column: add ,group=COLUMN.");
            }
            if (kind != "multilabel" && columns.Length != 1)
            {
                throw new UsageException($"--task {text}: a {kind ?? "task"} reads one label column; only multilabel lists several (A|B|C).");
            }
            return new TaskSpecification(name, kind, columns, settings, text);
        }
    }
}
