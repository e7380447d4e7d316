using System;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Spectre.Console;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>A CSV data set: its inferred loading (separator, header, column types) and the data view.</summary>
    internal sealed class DatasetFile
    {
        private DatasetFile(CsvInference inference, IDataView data)
        {
            Inference = inference;
            Data = data;
        }

        public CsvInference Inference { get; }

        public IDataView Data { get; }

        /// <summary>Infers how <paramref name="path"/> loads and loads it; a duplicate header name is an error (a task could not say which column it means).</summary>
        public static DatasetFile Open(MLContext mlContext, string path)
        {
            if (!File.Exists(path))
            {
                throw new UsageException($"--dataset: file '{path}' does not exist.");
            }
            var inference = mlContext.MultiTask().InferCsv(path);
            if (inference.HasHeader)
            {
                string header = File.ReadLines(path).First();
                var names = header.Split(inference.Separator).Select(n => n.Trim().Trim('"').Trim()).ToArray();
                var repeated = names.Where(n => n.Length > 0).GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
                if (repeated != null)
                {
                    throw new UsageException($"CSV file '{path}': the header names column '{repeated.Key}' {repeated.Count()} times; rename the repeats so every column has its own name.");
                }
            }
            return new DatasetFile(inference, inference.Load(mlContext));
        }

        /// <summary>
        /// Loads <paramref name="path"/> with the columns a model reads (<paramref name="inputSchema"/>), found by name in its
        /// header, so a file may order its columns differently. A column the file lacks is an error when
        /// <paramref name="missing"/> is null; otherwise it loads as missing values and is reported to it (predict: label columns).
        /// </summary>
        public static IDataView OpenFor(MLContext mlContext, string path, DataViewSchema inputSchema, Action<string>? missing)
        {
            var file = Open(mlContext, path);
            var options = file.Inference.LoaderOptions;
            int absent = file.Inference.Columns.Count;
            options.Columns = inputSchema.Where(c => !c.IsHidden).Select(column =>
            {
                var kind = column.Type switch
                {
                    NumberDataViewType when column.Type.RawType == typeof(float) => DataKind.Single,
                    TextDataViewType => DataKind.String,
                    BooleanDataViewType => DataKind.Boolean,
                    _ => throw new UsageException($"The model reads column '{column.Name}' as {column.Type}; this tool reads CSV columns of numbers (Single), text or true/false only."),
                };
                var found = file.Inference.Columns.FirstOrDefault(c => c.Name == column.Name);
                if (found == null)
                {
                    if (missing == null)
                    {
                        throw new UsageException($"--dataset: '{path}' has no column '{column.Name}', which the model reads. Its columns: {string.Join(", ", file.Inference.Columns.Select(c => c.Name))}.");
                    }
                    missing(column.Name);
                }
                // A field index past the end of every record loads as a missing value.
                return new TextLoader.Column(column.Name, kind, found?.Source[0].Min ?? absent++);
            }).ToArray();
            return mlContext.Data.LoadFromTextFile(path, options);
        }

        /// <summary>Prints the columns as inferred: name, index and type.</summary>
        public void Print()
        {
            var table = new Table().Title($"{Path.GetFileName(Inference.Path)}: separator '{(Inference.Separator == '\t' ? "\\t" : Inference.Separator.ToString())}', {(Inference.HasHeader ? "header" : "no header")}")
                .AddColumn("Column").AddColumn("Type");
            foreach (var column in Inference.Columns)
            {
                table.AddRow(Markup.Escape(column.Name), column.DataKind.ToString());
            }
            AnsiConsole.Write(table);
        }

        /// <summary>The column named <paramref name="name"/>, or a usage error listing the columns there are.</summary>
        public TextLoader.Column Column(string name, string usedBy) => Inference.Columns.FirstOrDefault(c => c.Name == name)
            ?? throw new UsageException($"{usedBy}: the data set has no column '{name}'. Its columns: {string.Join(", ", Inference.Columns.Select(c => c.Name))}.");
    }
}
