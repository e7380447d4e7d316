using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Tasks;

namespace Microsoft.ML.MultiTask.Relatedness
{
    /// <summary>
    /// The association of every pair of tasks' labels on the rows labelled for both: Pearson's r for two numeric labels
    /// (binary 0/1 or regression), the correlation ratio η for a multiclass label against a numeric one, Cramér's V for
    /// two multiclass labels. Multi-label tasks have several labels per row and no single association: undefined.
    /// </summary>
    internal static class LabelAssociation
    {
        /// <summary>The association matrix (symmetric) and the co-labelled row counts.</summary>
        public static (TaskMatrix Association, TaskMatrix CoLabelledRows) Measure(MultiTaskDataSet data, IReadOnlyList<TaskDefinition> tasks)
        {
            int count = tasks.Count;
            var association = new double?[count, count];
            var rows = new double?[count, count];
            for (int a = 0; a < count; a++)
            {
                for (int b = 0; b < count; b++)
                {
                    if (tasks[a].LabelScale == LabelScale.Several || tasks[b].LabelScale == LabelScale.Several)
                    {
                        continue;
                    }
                    var (x, y) = CoLabelled(data.Labels(a), data.Labels(b));
                    rows[a, b] = x.Length;
                    association[a, b] = x.Length < 2 ? null : Between(x, tasks[a].LabelScale == LabelScale.Categorical, y, tasks[b].LabelScale == LabelScale.Categorical);
                }
            }
            var names = tasks.Select(t => t.Name).ToArray();
            return (new TaskMatrix("label association", names, association), new TaskMatrix("co-labelled rows", names, rows, counts: true));
        }

        private static (double[] X, double[] Y) CoLabelled(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            var x = new List<double>();
            var y = new List<double>();
            for (int i = 0; i < a.Length; i++)
            {
                if (!float.IsNaN(a[i]) && !float.IsNaN(b[i]))
                {
                    x.Add(a[i]);
                    y.Add(b[i]);
                }
            }
            return (x.ToArray(), y.ToArray());
        }

        /// <summary>The measure for the pair's kinds; null when one side is constant (the measure has no value).</summary>
        public static double? Between(double[] x, bool xCategorical, double[] y, bool yCategorical)
            => (xCategorical, yCategorical) switch
            {
                (false, false) => Pearson(x, y),
                (true, false) => CorrelationRatio(x, y),
                (false, true) => CorrelationRatio(y, x),
                _ => CramersV(x, y),
            };

        public static double? Pearson(double[] x, double[] y)
        {
            double mx = x.Average(), my = y.Average();
            double sxy = 0, sxx = 0, syy = 0;
            for (int i = 0; i < x.Length; i++)
            {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
                syy += (y[i] - my) * (y[i] - my);
            }
            return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : null;
        }

        /// <summary>η = √(between-class sum of squares of <paramref name="values"/> / total sum of squares), classes from <paramref name="classes"/>.</summary>
        public static double? CorrelationRatio(double[] classes, double[] values)
        {
            double mean = values.Average();
            double total = values.Sum(v => (v - mean) * (v - mean));
            double between = values.Select((v, i) => (Class: classes[i], Value: v)).GroupBy(p => p.Class)
                .Sum(g => g.Count() * Math.Pow(g.Average(p => p.Value) - mean, 2));
            return total > 0 ? Math.Sqrt(between / total) : null;
        }

        /// <summary>V = √(χ² / (n · (min(r, c) − 1))) of the contingency table of the two class labels.</summary>
        public static double? CramersV(double[] x, double[] y)
        {
            var rowsOf = x.Distinct().ToArray();
            var columnsOf = y.Distinct().ToArray();
            int k = Math.Min(rowsOf.Length, columnsOf.Length);
            if (k < 2)
            {
                return null;
            }
            int n = x.Length;
            var cells = x.Zip(y).GroupBy(p => p).ToDictionary(g => g.Key, g => (double)g.Count());
            var rowTotals = x.GroupBy(v => v).ToDictionary(g => g.Key, g => (double)g.Count());
            var columnTotals = y.GroupBy(v => v).ToDictionary(g => g.Key, g => (double)g.Count());
            double chi2 = 0;
            foreach (var r in rowsOf)
            {
                foreach (var c in columnsOf)
                {
                    double expected = rowTotals[r] * columnTotals[c] / n;
                    double observed = cells.TryGetValue((r, c), out var o) ? o : 0;
                    chi2 += (observed - expected) * (observed - expected) / expected;
                }
            }
            return Math.Sqrt(chi2 / (n * (k - 1)));
        }
    }
}
