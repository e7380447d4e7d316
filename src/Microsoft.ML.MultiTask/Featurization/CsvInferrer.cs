using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Featurization
{
    /// <summary>Reads the first records of a CSV file (quoted fields may hold separators and line breaks) and infers how it loads.</summary>
    internal static class CsvInferrer
    {
        private const int RecordsRead = 1_000;

        private static readonly char[] Candidates = { ',', ';', '\t', '|' };

        private static readonly HashSet<string> MissingMarkers = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { string.Empty, "NA", "N/A", "?", "null", "NaN" };

        public static bool IsMissingMarker(string value) => MissingMarkers.Contains(value.Trim());

        public static CsvInference Infer(string path, char? separator)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"CSV file '{path}' does not exist.", path);
            }
            var (text, cut) = ReadStart(path);
            char chosen = separator ?? Candidates.OrderByDescending(c => Score(text, c)).First();
            var records = Records(text, chosen).Take(RecordsRead + 1).ToList();
            // The last record read may be cut off by the end of what was read, or lie past the records asked for.
            if (cut || records.Count > RecordsRead)
            {
                records.RemoveAt(records.Count - 1);
            }
            if (records.Count == 0)
            {
                throw new InvalidDataException($"CSV file '{path}' is empty.");
            }
            int width = records[0].Count;
            var bad = records.Select((r, i) => (r, i)).FirstOrDefault(p => p.r.Count != width);
            if (bad.r != null)
            {
                throw new InvalidDataException($"CSV file '{path}': record {bad.i + 1} has {bad.r.Count} fields where the first has {width} (separator '{Printable(chosen)}'); quote fields that hold the separator.");
            }
            var body = records.Skip(1).ToList();
            // A header: the first record holds no number where the other records hold numbers, or the file is text throughout.
            bool hasHeader = body.Count == 0 || Enumerable.Range(0, width).Any(c => !IsNumber(records[0][c]) && body.Count(r => IsNumber(r[c])) > body.Count / 2)
                || Enumerable.Range(0, width).All(c => !IsNumber(records[0][c]) && !MissingMarkers.Contains(records[0][c]));
            var data = hasHeader ? body : records;
            var names = Names(hasHeader ? records[0] : null, width);
            var columns = Enumerable.Range(0, width).Select(c => new TextLoader.Column(names[c], Kind(data.Select(r => r[c].Trim()).Where(v => !MissingMarkers.Contains(v)).ToList()), c)).ToArray();
            return new CsvInference(path, chosen, hasHeader, columns);
        }

        private static DataKind Kind(List<string> values)
        {
            if (values.Count > 0 && values.All(IsNumber))
            {
                return DataKind.Single;
            }
            return values.Count > 0 && values.All(v => bool.TryParse(v, out _)) ? DataKind.Boolean : DataKind.String;
        }

        private static bool IsNumber(string value) => float.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

        /// <summary>Column names from the header: blanks become Column{i}, repeats get a suffix, so every name is unique.</summary>
        private static string[] Names(List<string>? header, int width)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            return Enumerable.Range(0, width).Select(i =>
            {
                string name = header == null || string.IsNullOrWhiteSpace(header[i]) ? $"Column{i}" : header[i].Trim();
                string unique = name;
                for (int n = 2; !used.Add(unique); n++)
                {
                    unique = $"{name}_{n}";
                }
                return unique;
            }).ToArray();
        }

        /// <summary>How well <paramref name="separator"/> splits the first records: the same field count on each, the more fields the better.</summary>
        private static double Score(string text, char separator)
        {
            var counts = Records(text, separator).Take(50).Select(r => r.Count).ToList();
            return counts.Count == 0 || counts[0] < 2 ? 0 : counts.Count(c => c == counts[0]) * 1000.0 / counts.Count + counts[0];
        }

        /// <summary>The first 4 million characters, and whether the file goes on after them.</summary>
        private static (string Text, bool Cut) ReadStart(string path)
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var buffer = new char[4 << 20];
            int read = reader.ReadBlock(buffer, 0, buffer.Length);
            return (new string(buffer, 0, read), read == buffer.Length && reader.Peek() >= 0);
        }

        /// <summary>The records of the text: fields split at the separator outside double quotes; "" inside quotes is a quote.</summary>
        private static IEnumerable<List<string>> Records(string text, char separator)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == separator)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else if (c == '\n' || c == '\r')
                {
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }
                    fields.Add(field.ToString());
                    field.Clear();
                    if (fields.Count > 1 || fields[0].Length > 0)
                    {
                        yield return fields;
                    }
                    fields = new List<string>();
                }
                else
                {
                    field.Append(c);
                }
            }
            // The last record when the text ends without a line break (a cut-off quoted record is left out).
            if (!quoted && (fields.Count > 0 || field.Length > 0))
            {
                fields.Add(field.ToString());
                yield return fields;
            }
        }

        private static string Printable(char c) => c == '\t' ? "\\t" : c.ToString();
    }
}
