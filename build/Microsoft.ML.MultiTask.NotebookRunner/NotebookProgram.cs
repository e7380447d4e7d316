using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Microsoft.ML.MultiTask.NotebookRunner
{
    /// <summary>
    /// A notebook's C# cells as one .NET 10 single-file program. <c>#r "nuget: Name, Version"</c> becomes
    /// <c>#:package Name@Version</c>, <c>#i "nuget: folder"</c> a package source, <c>using</c> lines move to the top,
    /// cells that only declare types move to the end (a program's types follow its statements), and
    /// <c>display()</c> / <c>HTML()</c> are shims that print what the runner turns back into cell outputs.
    /// </summary>
    public sealed class NotebookProgram
    {
        public const string CellMarker = "##notebook-runner:cell:";
        public const string HtmlMarker = "##notebook-runner:html:";

        private static readonly Regex PackageReference = new(@"^#r\s+""nuget:\s*([^,""\s]+)\s*,\s*([^""\s]+)\s*""\s*$");
        private static readonly Regex PackageSource = new(@"^#i\s+""nuget:\s*([^""]+)""\s*$");
        private static readonly Regex UsingDirective = new(@"^using\s+(static\s+)?[A-Za-z_][\w.]*(\s*=\s*[\w.<>]+)?\s*;\s*$");
        private static readonly Regex TypeDeclaration = new(@"^(public|internal)?\s*(sealed\s+|static\s+|abstract\s+|partial\s+)*(class|record|struct|enum|interface)\s");

        private readonly List<(int FirstLine, int LastLine, int Cell)> _cellLines = new();

        private NotebookProgram(string text, IReadOnlyList<string> sources)
        {
            Text = text;
            Sources = sources;
        }

        /// <summary>The program's source.</summary>
        public string Text { get; private set; }

        /// <summary>Package folders or feeds the notebook adds with <c>#i</c>, as absolute paths.</summary>
        public IReadOnlyList<string> Sources { get; }

        /// <summary>The code cell (0-based, counting code cells only) a line (1-based) of <see cref="Text"/> comes from, or null.</summary>
        public int? CellOfLine(int line) => _cellLines.Where(c => line >= c.FirstLine && line <= c.LastLine).Select(c => (int?)c.Cell).FirstOrDefault();

        public static NotebookProgram From(Notebook notebook)
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(notebook.Path))!;
            var packages = new List<string>();
            var sources = new List<string>();
            var usings = new List<string>();
            var statements = new List<(int Cell, string[] Lines)>();
            var types = new List<(int Cell, string[] Lines)>();
            for (int cell = 0; cell < notebook.CodeCells.Count; cell++)
            {
                var code = new List<string>();
                foreach (string line in notebook.CodeCells[cell].Replace("\r\n", "\n").Split('\n'))
                {
                    string trimmed = line.Trim();
                    Match match;
                    if ((match = PackageReference.Match(trimmed)).Success)
                    {
                        packages.Add($"#:package {match.Groups[1].Value}@{match.Groups[2].Value}");
                    }
                    else if ((match = PackageSource.Match(trimmed)).Success)
                    {
                        sources.Add(Path.GetFullPath(Path.Combine(folder, match.Groups[1].Value.Trim())));
                    }
                    else if (trimmed.StartsWith('#') && !trimmed.StartsWith("#region", StringComparison.Ordinal) && !trimmed.StartsWith("#endregion", StringComparison.Ordinal))
                    {
                        throw new NotSupportedException($"{notebook.Path}: code cell {cell + 1} has the line '{trimmed}'; the runner knows #r \"nuget: Name, Version\" and #i \"nuget: source\" only.");
                    }
                    else if (UsingDirective.IsMatch(trimmed))
                    {
                        usings.Add(trimmed);
                    }
                    else
                    {
                        code.Add(line);
                    }
                }
                string? first = code.Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal));
                (first != null && TypeDeclaration.IsMatch(first) ? types : statements).Add((cell, code.ToArray()));
            }

            var program = new NotebookProgram(string.Empty, sources.Distinct().ToList());
            var text = new StringBuilder();
            int lineNumber = 0;
            void Line(string line)
            {
                text.Append(line).Append('\n');
                lineNumber++;
            }
            void Cell(int cell, string[] lines)
            {
                program._cellLines.Add((lineNumber + 1, lineNumber + lines.Length, cell));
                foreach (var line in lines)
                {
                    Line(line);
                }
            }

            foreach (var directive in packages.Distinct())
            {
                Line(directive);
            }
            Line("#:property PublishAot=false");
            Line("#:property Nullable=disable");
            Line("#:property NoWarn=NU1603;CS8321");
            foreach (var directive in usings.Distinct())
            {
                Line(directive);
            }
            foreach (var (cell, lines) in statements)
            {
                Line($"__NotebookOutput.Cell({cell});");
                Cell(cell, lines);
            }
            Line("__NotebookOutput.Cell(-1);");
            Line("static void display(object value) => __NotebookOutput.Display(value);");
            Line("static __NotebookHtml HTML(string html) => new __NotebookHtml(html);");
            foreach (var (cell, lines) in types)
            {
                Cell(cell, lines);
            }
            Line("sealed record __NotebookHtml(string Html);");
            Line("static class __NotebookOutput");
            Line("{");
            Line($"    public static void Cell(int cell) {{ System.Console.Out.Flush(); System.Console.WriteLine(\"{CellMarker}\" + cell); }}");
            Line("    public static void Display(object value) => System.Console.WriteLine(value is __NotebookHtml html");
            Line($"        ? \"{HtmlMarker}\" + System.Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(html.Html))");
            Line("        : value?.ToString() ?? \"<null>\");");
            Line("}");
            program.Text = text.ToString();
            return program;
        }
    }
}
