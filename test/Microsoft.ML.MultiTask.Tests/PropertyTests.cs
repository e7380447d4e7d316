using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>
    /// Random task mixes, label types and missing-label patterns: <c>Fit</c> → <c>Transform</c> → <c>Evaluate</c> either
    /// works with finite metrics, or <c>Fit</c> throws the documented error for exactly the cases that deserve one.
    /// </summary>
    [TestClass]
    public sealed class PropertyTests
    {
        /// <summary>Label columns by kind: name and whether it can hold missing values.</summary>
        private static readonly Dictionary<TaskKind, string[]> Columns = new()
        {
            [TaskKind.Binary] = new[] { nameof(PropertyRow.Flag), nameof(PropertyRow.FlagNumber) },
            [TaskKind.Multiclass] = new[] { nameof(PropertyRow.Colour), nameof(PropertyRow.ColourCode) },
            [TaskKind.Regression] = new[] { nameof(PropertyRow.Size), nameof(PropertyRow.Weight) },
            [TaskKind.MultiLabel] = new[] { nameof(PropertyRow.Marks), nameof(PropertyRow.MarkScores) },
        };

        private static readonly Gen<TaskKind> Kind = Gen.Int[0, 3].Select(i => (TaskKind)i);

        private static readonly Gen<Case> Cases =
            from rows in Gen.Int[6, 60]
            from seed in Gen.Int[0, 1000]
            from tasks in Gen.Select(Kind, Gen.Int[0, 1]).Array[1, 4]
            from missing in Gen.Int[0, 3].Select(i => new[] { 0.0, 0.3, 0.9, 1.0 }[i]).Array[8]
            select new Case(rows, seed, tasks.Select((t, i) => (Name: $"T{i}", Column: Columns[t.Item1][t.Item2], t.Item1)).ToArray(), missing);

        private int _worked;
        private int _refused;

        [TestMethod]
        public void FitTransformEvaluateWorksOrThrowsTheDocumentedError()
        {
            Cases.Sample(Check, iter: 60, threads: 1, seed: "0N0XIzNsQ0O2");
            // The generator must reach both outcomes, or the property says little.
            Assert.IsGreaterThan(10, _worked, $"{_worked} cases trained and evaluated");
            Assert.IsGreaterThan(3, _refused, $"{_refused} cases were refused with the documented error");
        }

        private void Check(Case c)
        {
            var ml = new MLContext(seed: 1);
            var rows = c.Rows();
            var data = ml.Data.LoadFromEnumerable(rows);
            var options = Synthetic.Options(2, c.Tasks.Select(t => TaskDefinition.Create(t.Kind, t.Name, t.Column, 1f)).ToArray());
            var expectedErrors = c.Tasks.Select(t => ExpectedError(t, rows)).Where(e => e != null).ToList();
            MultiTaskTransformer model;
            try
            {
                model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(data);
            }
            catch (InvalidOperationException error) when (expectedErrors.Count > 0)
            {
                Assert.IsTrue(expectedErrors.Any(e => error.Message.Contains(e!.Value.Task, StringComparison.Ordinal) && error.Message.Contains(e.Value.Fragment, StringComparison.Ordinal)),
                    $"{c}: unexpected message '{error.Message}'; expected one of {string.Join(" / ", expectedErrors)}");
                _refused++;
                return;
            }
            using (model)
            {
                Assert.IsEmpty(expectedErrors, $"{c}: Fit should have failed with {string.Join(" / ", expectedErrors)}");
                var metrics = ml.MultiTask().Evaluate(model.Transform(data), model);
                foreach (var task in metrics.Tasks)
                {
                    var figures = task.Kind switch
                    {
                        TaskKind.Binary => new[] { task.Binary!.AreaUnderRocCurve, task.Binary.Accuracy, task.Binary.LogLoss },
                        TaskKind.Multiclass => new[] { task.Multiclass!.MicroAccuracy, task.Multiclass.LogLoss },
                        TaskKind.Regression => new[] { task.Regression!.MeanAbsoluteError, task.Regression.RootMeanSquaredError },
                        _ => new[] { task.MultiLabel!.Micro.Accuracy, task.MultiLabel.Micro.AreaUnderRocCurve },
                    };
                    Assert.IsTrue(figures.All(double.IsFinite), $"{c}: task {task.TaskName} has metrics {string.Join(", ", figures)}");
                }
                _worked++;
            }
        }

        /// <summary>The documented training error a task must raise on these rows, or null.</summary>
        private static (string Task, string Fragment)? ExpectedError((string Name, string Column, TaskKind Kind) task, List<PropertyRow> rows)
        {
            var labels = rows.SelectMany(r => PropertyRow.Labels(r, task.Column)).Where(l => l != null).Select(l => l!).ToList();
            if (labels.Count == 0)
            {
                return (task.Name, "has no labelled row");
            }
            bool oneClass = labels.Distinct().Count() == 1;
            return task.Kind switch
            {
                TaskKind.Binary or TaskKind.MultiLabel when oneClass => (task.Name, "holds only"),
                TaskKind.Multiclass when oneClass => (task.Name, "holds only the class"),
                _ => null,
            };
        }

        private sealed record Case(int RowCount, int Seed, (string Name, string Column, TaskKind Kind)[] Tasks, double[] Missing)
        {
            public List<PropertyRow> Rows() => PropertyRow.Generate(RowCount, Seed, Columns.Values.SelectMany(c => c).Select((column, i) => (column, Missing[i])).ToDictionary(p => p.column, p => p.Item2));

            public override string ToString() => $"{RowCount} rows, seed {Seed}, tasks [{string.Join(", ", Tasks.Select(t => $"{t.Kind} on {t.Column}"))}], missing [{string.Join(", ", Missing)}]";
        }
    }

    /// <summary>A generated row with a label column of every kind and type, any of which may be missing.</summary>
    public sealed class PropertyRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public bool Flag { get; set; }

        public float FlagNumber { get; set; }

        public string Colour { get; set; } = string.Empty;

        public float ColourCode { get; set; }

        public float Size { get; set; }

        public double Weight { get; set; }

        [VectorType(2)]
        public bool[] Marks { get; set; } = Array.Empty<bool>();

        [VectorType(2)]
        public float[] MarkScores { get; set; } = Array.Empty<float>();

        /// <summary>The label as text (null when missing) for the oracle; a multi-label label gives one value per slot.</summary>
        public static IEnumerable<string?> Labels(PropertyRow row, string column) => column switch
        {
            nameof(Marks) => row.Marks.Select(m => (string?)m.ToString()),
            nameof(MarkScores) => row.MarkScores.Select(m => float.IsNaN(m) ? null : m.ToString("R")),
            _ => new[] { Label(row, column) },
        };

        private static string? Label(PropertyRow row, string column) => column switch
        {
            nameof(Flag) => row.Flag.ToString(),
            nameof(FlagNumber) => float.IsNaN(row.FlagNumber) ? null : row.FlagNumber.ToString("R"),
            nameof(Colour) => row.Colour.Length == 0 ? null : row.Colour,
            nameof(ColourCode) => float.IsNaN(row.ColourCode) ? null : row.ColourCode.ToString("R"),
            nameof(Size) => float.IsNaN(row.Size) ? null : row.Size.ToString("R"),
            nameof(Weight) => double.IsNaN(row.Weight) ? null : row.Weight.ToString("R"),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, "not a one-value label column"),
        };

        /// <summary>Rows whose labels follow the features; each column loses the given fraction of its labels.</summary>
        public static List<PropertyRow> Generate(int count, int seed, IReadOnlyDictionary<string, double> missing)
        {
            var random = new Random(seed);
            bool Drop(string column) => column != nameof(Flag) && column != nameof(Marks) && random.NextDouble() < missing[column];
            return Enumerable.Range(0, count).Select(_ =>
            {
                var x = Enumerable.Range(0, 4).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                int colour = (x[0] > 0 ? 1 : 0) + (x[1] > 0 ? 1 : 0);
                return new PropertyRow
                {
                    Features = x,
                    Flag = x[0] + x[1] > 0,
                    FlagNumber = Drop(nameof(FlagNumber)) ? float.NaN : (x[2] > 0 ? 1 : 0),
                    Colour = Drop(nameof(Colour)) ? string.Empty : new[] { "red", "green", "blue" }[colour],
                    ColourCode = Drop(nameof(ColourCode)) ? float.NaN : 10 * colour,
                    Size = Drop(nameof(Size)) ? float.NaN : 3 * x[0] - x[3],
                    Weight = Drop(nameof(Weight)) ? double.NaN : 50 + 20 * x[1],
                    Marks = new[] { x[0] > 0, x[3] > 0 },
                    MarkScores = new[] { Drop(nameof(MarkScores)) ? float.NaN : (x[1] > 0 ? 1f : 0f), Drop(nameof(MarkScores)) ? float.NaN : (x[2] > 0 ? 1f : 0f) },
                };
            }).ToList();
        }
    }
}
