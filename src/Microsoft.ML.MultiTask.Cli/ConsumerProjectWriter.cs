using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>
    /// Writes a console project that consumes the model zip, as Model Builder does: typed <c>ModelInput</c> (the columns
    /// the model reads) and <c>ModelOutput</c> (every task's output columns, class names for predicted keys), and a
    /// Program that loads the zip without libtorch and predicts one row.
    /// </summary>
    internal sealed class ConsumerProjectWriter
    {
        private readonly string _namespace;
        private readonly List<(string Property, string Column, string Type, string Value)> _inputs = new();
        private readonly List<(string Task, string Property, string Column, string Type)> _outputs = new();
        private readonly Dictionary<string, IReadOnlyList<string>> _classes = new(StringComparer.Ordinal);

        /// <param name="projectName">The project's name, e.g. <c>Penguins.ConsoleApp</c>, also its namespace.</param>
        /// <param name="inputSchema">The columns the model reads.</param>
        /// <param name="sample">One row of data, for the Program to predict.</param>
        /// <param name="scoredSchema">The model's output schema.</param>
        /// <param name="model">The fitted model (tasks and class names).</param>
        public ConsumerProjectWriter(string projectName, DataViewSchema inputSchema, IDataView sample, DataViewSchema scoredSchema, MultiTaskTransformer model)
        {
            ProjectName = projectName;
            _namespace = projectName;
            var used = new HashSet<string>(StringComparer.Ordinal);
            var values = SampleValues(sample, inputSchema);
            foreach (var column in inputSchema.Where(c => !c.IsHidden))
            {
                _inputs.Add((CSharpNames.Identifier(column.Name, used), column.Name, TypeName(column.Type), values[column.Name]));
            }
            used.Clear();
            foreach (var task in model.Tasks)
            {
                foreach (var column in TaskOutputColumns.Of(scoredSchema, inputSchema, new[] { task.Name }))
                {
                    _outputs.Add((task.Name, CSharpNames.Identifier(column.Name, used), column.Name, TypeName(column.Type)));
                }
                if (model.ClassNames.TryGetValue(task.Name, out var classes))
                {
                    _classes[task.Name] = classes;
                }
            }
        }

        public string ProjectName { get; }

        /// <summary>Writes the project into <paramref name="folder"/> with a copy of the model zip; returns the project file's path.</summary>
        public string Write(string folder, string modelPath)
        {
            Directory.CreateDirectory(folder);
            File.Copy(modelPath, Path.Combine(folder, "model.zip"), overwrite: true);
            File.WriteAllText(Path.Combine(folder, "ModelInput.cs"), ModelInput());
            File.WriteAllText(Path.Combine(folder, "ModelOutput.cs"), ModelOutput());
            File.WriteAllText(Path.Combine(folder, "Program.cs"), Program());
            string project = Path.Combine(folder, ProjectName + ".csproj");
            File.WriteAllText(project, ProjectFile());
            return project;
        }

        private string ProjectFile() => $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RootNamespace>{_namespace}</RootNamespace>
                <!-- The versions are here, so the project builds inside a repository that manages versions centrally too. -->
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.ML" Version="{PackageVersion(typeof(MLContext).Assembly)}" />
                <!-- Scores the zip with ONNX Runtime; no libtorch is needed. -->
                <PackageReference Include="Microsoft.ML.MultiTask" Version="{PackageVersion(typeof(MultiTaskCatalog).Assembly)}" />
              </ItemGroup>
              <ItemGroup>
                <None Include="model.zip" CopyToOutputDirectory="PreserveNewest" />
              </ItemGroup>
            </Project>

            """;

        private string ModelInput()
        {
            var text = new StringBuilder().AppendLine("using Microsoft.ML.Data;").AppendLine()
                .AppendLine($"namespace {_namespace}").AppendLine("{")
                .AppendLine("    /// <summary>One row as the model reads it: the columns of the data set it was trained on.</summary>")
                .AppendLine("    public sealed class ModelInput").AppendLine("    {");
            foreach (var (property, column, type, _) in _inputs)
            {
                text.AppendLine($"        [ColumnName({CSharpNames.Literal(column)})]")
                    .AppendLine($"        public {type} {property} {{ get; set; }}{(type == "string" ? " = string.Empty;" : string.Empty)}").AppendLine();
            }
            return text.AppendLine("    }").AppendLine("}").ToString();
        }

        private string ModelOutput()
        {
            var text = new StringBuilder().AppendLine("using Microsoft.ML.Data;").AppendLine()
                .AppendLine($"namespace {_namespace}").AppendLine("{")
                .AppendLine("    /// <summary>What the model predicts, per task.</summary>")
                .AppendLine("    public sealed class ModelOutput").AppendLine("    {");
            foreach (var (task, property, column, type) in _outputs)
            {
                text.AppendLine($"        [ColumnName({CSharpNames.Literal(column)})]")
                    .AppendLine($"        public {type} {property} {{ get; set; }}{(type == "float[]" ? " = System.Array.Empty<float>();" : string.Empty)}").AppendLine();
                if (type == "uint" && _classes.TryGetValue(task, out var classes))
                {
                    string names = property + "Classes";
                    text.AppendLine($"        /// <summary>{task}'s classes: key 1 is the first, 0 means no prediction.</summary>")
                        .AppendLine($"        public static readonly string[] {names} = {{ {string.Join(", ", classes.Select(CSharpNames.Literal))} }};").AppendLine()
                        .AppendLine($"        /// <summary>{property} as its class name.</summary>")
                        .AppendLine($"        public string? {property}Class => {property} == 0 ? null : {names}[{property} - 1];").AppendLine();
                }
            }
            return text.AppendLine("    }").AppendLine("}").ToString();
        }

        private string Program()
        {
            var text = new StringBuilder()
                .AppendLine("using System;").AppendLine("using System.IO;").AppendLine("using Microsoft.ML;").AppendLine("using Microsoft.ML.MultiTask;")
                .AppendLine($"using {_namespace};").AppendLine()
                .AppendLine("// Loads the multi-task model (ML.NET zip, scored by ONNX Runtime) and predicts every task for one row.")
                .AppendLine("var mlContext = new MLContext();")
                .AppendLine("var model = mlContext.MultiTask().LoadModel(Path.Combine(AppContext.BaseDirectory, \"model.zip\"), out _);")
                .AppendLine("var engine = mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);").AppendLine()
                .AppendLine("// A row of the data set; put your own values here.")
                .AppendLine("var input = new ModelInput").AppendLine("{");
            foreach (var (property, _, _, value) in _inputs)
            {
                text.AppendLine($"    {property} = {value},");
            }
            text.AppendLine("};").AppendLine("var output = engine.Predict(input);");
            foreach (var (task, property, column, type) in _outputs)
            {
                string shown = type == "float[]" ? $"string.Join(\", \", output.{property})"
                    : type == "uint" && _classes.ContainsKey(task) ? $"output.{property}Class" : $"output.{property}";
                text.AppendLine($"Console.WriteLine($\"{column.Replace("{", "{{").Replace("}", "}}")}: {{{shown}}}\");");
            }
            return text.ToString();
        }

        private static Dictionary<string, string> SampleValues(IDataView sample, DataViewSchema inputSchema)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var columns = inputSchema.Where(c => !c.IsHidden).Select(c => sample.Schema[c.Name]).ToArray();
            using var cursor = sample.GetRowCursor(columns);
            bool any = cursor.MoveNext();
            foreach (var column in columns)
            {
                values[column.Name] = column.Type switch
                {
                    TextDataViewType => CSharpNames.Literal(any ? CursorValues.Of<ReadOnlyMemory<char>, string>(cursor, column, v => v.ToString())() : string.Empty),
                    BooleanDataViewType => any && CursorValues.Of<bool, bool>(cursor, column, v => v)() ? "true" : "false",
                    _ => CSharpNames.Literal(any ? CursorValues.Of<float, float>(cursor, column, v => v)() : float.NaN),
                };
            }
            return values;
        }

        private static string TypeName(DataViewType type) => type switch
        {
            TextDataViewType => "string",
            BooleanDataViewType => "bool",
            KeyDataViewType => "uint",
            VectorDataViewType vector when vector.ItemType.RawType == typeof(float) => "float[]",
            _ when type.RawType == typeof(float) => "float",
            _ => throw new InvalidOperationException($"A column of type {type} has no generated property type."),
        };

        /// <summary>An assembly's package version: its informational version without the commit suffix.</summary>
        private static string PackageVersion(Assembly assembly)
        {
            string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version!.ToString(3);
            int plus = version.IndexOf('+');
            return plus < 0 ? version : version.Substring(0, plus);
        }
    }
}
