using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// How a CSV file reads (see <see cref="MultiTaskCatalog.InferCsv"/>): its separator, whether it has a header, each
    /// column's name and type, and the ML.NET <see cref="TextLoader.Options"/> that load it.
    /// </summary>
    public sealed class CsvInference
    {
        internal CsvInference(string path, char separator, bool hasHeader, IReadOnlyList<TextLoader.Column> columns)
        {
            Path = path;
            Separator = separator;
            HasHeader = hasHeader;
            Columns = columns;
        }

        /// <summary>The file.</summary>
        public string Path { get; }

        /// <summary>The field separator found (or given).</summary>
        public char Separator { get; }

        /// <summary>True when the first record names the columns.</summary>
        public bool HasHeader { get; }

        /// <summary>One column per field: Single for numbers (empty, NA, N/A, ?, null read as NaN), Boolean for true/false, String otherwise.</summary>
        public IReadOnlyList<TextLoader.Column> Columns { get; }

        /// <summary>
        /// The loader options: the separator, the header, quoting and multi-line quoted fields allowed, and empty numbers
        /// read as NaN (TextLoader's default reads them as 0, which would turn a missing label into a negative).
        /// </summary>
        public TextLoader.Options LoaderOptions => new TextLoader.Options
        {
            Separators = new[] { Separator },
            HasHeader = HasHeader,
            AllowQuoting = true,
            ReadMultilines = true,
            MissingRealsAsNaNs = true,
            TrimWhitespace = true,
            Columns = new List<TextLoader.Column>(Columns).ToArray(),
        };

        /// <summary>
        /// Whether a CSV field is a missing-value marker: empty, NA, N/A, ?, null or NaN (any case, spaces around ignored) — the
        /// markers type inference skips, and that load as NaN in number columns.
        /// </summary>
        /// <param name="value">A field's text.</param>
        public static bool IsMissingMarker(string value) => Featurization.CsvInferrer.IsMissingMarker(value ?? throw new System.ArgumentNullException(nameof(value)));

        /// <summary>Loads the file with <see cref="LoaderOptions"/>.</summary>
        public IDataView Load(MLContext mlContext) => mlContext.Data.LoadFromTextFile(Path, LoaderOptions);
    }
}
