using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ScottPlot;

namespace Microsoft.ML.MultiTask.Charts
{
    /// <summary>Charts of a <see cref="TaskRelatednessReport"/>: a heatmap of any task matrix and the per-task transfer bars.</summary>
    public static class RelatednessCharts
    {
        /// <summary>
        /// A heatmap of a task matrix (gradient cosine, affinity, label association): row task → column task, each cell with
        /// its value printed; undefined pairs are grey and say so.
        /// </summary>
        /// <param name="matrix">The matrix, e.g. <see cref="TaskRelatednessReport.GradientCosine"/>.</param>
        /// <param name="path">The PNG file to write (its folder is created).</param>
        /// <param name="width">Width in pixels. Default 800, as every chart of the package.</param>
        /// <param name="height">Height in pixels. Default 450.</param>
        public static ChartImage Heatmap(TaskMatrix matrix, string path, int width = 800, int height = 450)
        {
            if (matrix == null)
            {
                throw new ArgumentNullException(nameof(matrix), "Give a matrix of the report; a part the report did not measure is null.");
            }
            int n = matrix.Tasks.Count;
            // Row 0 at the top: the heatmap's first row is drawn at the top.
            var values = new double[n, n];
            for (int row = 0; row < n; row++)
            {
                for (int column = 0; column < n; column++)
                {
                    values[row, column] = matrix[row, column] ?? double.NaN;
                }
            }
            var plot = new Plot();
            var heatmap = plot.Add.Heatmap(values);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.NaNCellColor = Colors.LightGray;
            plot.Add.ColorBar(heatmap);
            for (int row = 0; row < n; row++)
            {
                for (int column = 0; column < n; column++)
                {
                    var label = plot.Add.Text(matrix[row, column] is double v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "undefined", column, n - 1 - row);
                    label.LabelAlignment = Alignment.MiddleCenter;
                    label.LabelFontColor = Colors.White;
                    label.LabelFontSize = 14;
                }
            }
            var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, matrix.Tasks.ToArray());
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, matrix.Tasks.Reverse().ToArray());
            plot.Title(matrix.Measure + " (row task → column task)");
            return PlotFile.Save(plot, path, width, height);
        }

        /// <summary>Each task's figure trained with the other tasks and alone (mean over the seeds), side by side.</summary>
        /// <param name="report">A report with <see cref="TaskRelatednessReport.Transfer"/>.</param>
        /// <param name="path">The PNG file to write.</param>
        /// <param name="width">Width in pixels. Default 800.</param>
        /// <param name="height">Height in pixels. Default 450.</param>
        public static ChartImage Transfer(TaskRelatednessReport report, string path, int width = 800, int height = 450)
        {
            var transfer = report?.Transfer ?? throw new ArgumentException("The report has no transfer part; set TaskRelatednessOptions.Transfer.", nameof(report));
            return TrainingCharts.MetricBars(transfer.Select(t => $"{t.Task} ({t.Metric})").ToArray(), new Dictionary<string, double[]>
            {
                ["trained with the other tasks"] = transfer.Select(t => t.MultiTask.Average()).ToArray(),
                ["trained alone"] = transfer.Select(t => t.SingleTask.Average()).ToArray(),
            }, "Transfer: each task with the others and alone", path, width, height);
        }

        /// <summary>The gradient cosine of every pair of tasks per epoch (<see cref="TaskRelatednessReport.GradientCosineByEpoch"/>): whether the tasks align or drift apart.</summary>
        /// <param name="report">A report with the gradient cosine.</param>
        /// <param name="path">The PNG file to write.</param>
        /// <param name="width">Width in pixels. Default 800.</param>
        /// <param name="height">Height in pixels. Default 450.</param>
        public static ChartImage CosineOverEpochs(TaskRelatednessReport report, string path, int width = 800, int height = 450)
        {
            var epochs = report?.GradientCosineByEpoch ?? throw new ArgumentException("The report has no gradient cosine; set TaskRelatednessOptions.GradientCosine.", nameof(report));
            var plot = new Plot();
            var tasks = report.Tasks;
            int line = 0;
            for (int a = 0; a < tasks.Count; a++)
            {
                for (int b = a + 1; b < tasks.Count; b++)
                {
                    var points = epochs.Select((m, e) => (Epoch: e + 1.0, Value: m[a, b])).Where(p => p.Value.HasValue).ToArray();
                    var scatter = plot.Add.Scatter(points.Select(p => p.Epoch).ToArray(), points.Select(p => p.Value!.Value).ToArray(), PlotFile.Palette(line++));
                    scatter.LegendText = $"{tasks[a]} | {tasks[b]}";
                }
            }
            plot.Add.HorizontalLine(0, 1, Colors.Gray).LinePattern = LinePattern.Dotted;
            plot.Title("Gradient cosine per epoch");
            plot.XLabel("Epoch");
            plot.YLabel("Cosine on the shared parameters");
            plot.ShowLegend(Alignment.LowerRight);
            return PlotFile.Save(plot, path, width, height);
        }
    }
}
