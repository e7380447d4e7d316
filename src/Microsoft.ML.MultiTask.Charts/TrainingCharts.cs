using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;

namespace Microsoft.ML.MultiTask.Charts
{
    /// <summary>
    /// Charts of a multi-task model: training curves per task and per-task metric bars. Each method writes a PNG
    /// and returns it; the same calls work in a notebook and in a console program.
    /// </summary>
    public static class TrainingCharts
    {
        private const int DefaultWidth = 800;
        private const int DefaultHeight = 450;

        /// <summary>
        /// Loss per task per epoch: a solid line for the training loss and, with a validation set, a dashed line of the
        /// same colour for the validation loss. The best epoch (whose weights the model keeps) is marked.
        /// </summary>
        /// <param name="history">The model's <see cref="MultiTaskTransformer.History"/>.</param>
        /// <param name="path">The PNG file to write (its folder is created).</param>
        /// <param name="width">Width in pixels. Default 800.</param>
        /// <param name="height">Height in pixels. Default 450.</param>
        public static ChartImage LossCurves(TrainingHistory history, string path, int width = DefaultWidth, int height = DefaultHeight)
        {
            double[] epochs = Epochs(history);
            var plot = new Plot();
            var tasks = history.Epochs[0].TrainingLosses.Keys.ToList();
            for (int i = 0; i < tasks.Count; i++)
            {
                var colour = Palette(i);
                var training = plot.Add.Scatter(epochs, history.Epochs.Select(e => e.TrainingLosses[tasks[i]]).ToArray(), colour);
                training.LegendText = $"{tasks[i]} (training)";
                if (history.Epochs.All(e => e.ValidationLosses != null))
                {
                    var validation = plot.Add.Scatter(epochs, history.Epochs.Select(e => e.ValidationLosses![tasks[i]]).ToArray(), colour);
                    validation.LinePattern = LinePattern.Dashed;
                    validation.LegendText = $"{tasks[i]} (validation)";
                }
            }
            var best = plot.Add.VerticalLine(history.BestEpoch, 1, Colors.Gray);
            best.LinePattern = LinePattern.Dotted;
            best.LegendText = $"best epoch ({history.BestEpoch})";
            plot.Title("Loss per task");
            plot.XLabel("Epoch");
            plot.YLabel("Mean loss (regression: on the standardized label)");
            plot.ShowLegend(Alignment.UpperRight);
            return PlotFile.Save(plot, path, width, height);
        }

        /// <summary>
        /// What the loss balancing and the schedule did: each task's weight per epoch (<see cref="TrainingEpochSummary.TaskWeights"/>,
        /// solid lines, left axis) and the learning rate (dotted, right axis).
        /// </summary>
        /// <param name="history">The model's <see cref="MultiTaskTransformer.History"/>.</param>
        /// <param name="path">The PNG file to write (its folder is created).</param>
        /// <param name="width">Width in pixels. Default 800.</param>
        /// <param name="height">Height in pixels. Default 450.</param>
        public static ChartImage WeightsAndLearningRate(TrainingHistory history, string path, int width = DefaultWidth, int height = DefaultHeight)
        {
            double[] epochs = Epochs(history);
            var plot = new Plot();
            var tasks = history.Epochs[0].TaskWeights.Keys.ToList();
            for (int i = 0; i < tasks.Count; i++)
            {
                var weights = plot.Add.Scatter(epochs, history.Epochs.Select(e => e.TaskWeights[tasks[i]]).ToArray(), Palette(i));
                weights.LegendText = $"{tasks[i]} weight";
            }
            var rate = plot.Add.Scatter(epochs, history.Epochs.Select(e => e.LearningRate).ToArray(), Colors.Black);
            rate.LinePattern = LinePattern.Dotted;
            rate.LegendText = "learning rate";
            rate.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "Learning rate";
            plot.Title("Task weights and learning rate per epoch");
            plot.XLabel("Epoch");
            plot.YLabel("Mean weight of the task's loss");
            plot.ShowLegend(Alignment.UpperRight);
            return PlotFile.Save(plot, path, width, height);
        }

        /// <summary>
        /// One bar per task of its <see cref="TaskMetrics.MainFigure"/>, all on a 0–1 scale: AUC (binary), micro-accuracy (multiclass),
        /// R² (regression), micro-AUC (multi-label).
        /// </summary>
        /// <param name="metrics">The model's metrics, from <c>mlContext.MultiTask().Evaluate</c>.</param>
        /// <param name="path">The PNG file to write.</param>
        /// <param name="width">Width in pixels. Default 800.</param>
        /// <param name="height">Height in pixels. Default 450.</param>
        public static ChartImage MetricBars(MultiTaskMetrics metrics, string path, int width = DefaultWidth, int height = DefaultHeight)
        {
            if (metrics == null)
            {
                throw new ArgumentNullException(nameof(metrics));
            }
            var labels = metrics.Tasks.Select(t => $"{t.TaskName}\n{t.MainFigure.Key}").ToArray();
            var values = metrics.Tasks.Select(t => t.MainFigure.Value).ToArray();
            return MetricBars(labels, new Dictionary<string, double[]> { ["Multi-task model"] = values }, "Per-task quality", path, width, height);
        }

        /// <summary>Grouped bars: for each category (e.g. a task) one bar per series (e.g. a model), with the value printed on it.</summary>
        /// <param name="categories">The groups along the horizontal axis.</param>
        /// <param name="series">Per series name, one value per category (NaN leaves a gap).</param>
        /// <param name="title">The chart's title.</param>
        /// <param name="path">The PNG file to write.</param>
        /// <param name="width">Width in pixels. Default 800.</param>
        /// <param name="height">Height in pixels. Default 450.</param>
        public static ChartImage MetricBars(IReadOnlyList<string> categories, IReadOnlyDictionary<string, double[]> series, string title, string path,
            int width = DefaultWidth, int height = DefaultHeight)
        {
            if (categories == null || categories.Count == 0)
            {
                throw new ArgumentException("Give at least one category.", nameof(categories));
            }
            if (series == null || series.Count == 0)
            {
                throw new ArgumentException("Give at least one series.", nameof(series));
            }
            var wrong = series.FirstOrDefault(s => s.Value.Length != categories.Count);
            if (wrong.Key != null)
            {
                throw new ArgumentException($"Series '{wrong.Key}' has {wrong.Value.Length} values for {categories.Count} categories.", nameof(series));
            }
            var plot = new Plot();
            double groupWidth = 0.8, barWidth = groupWidth / series.Count;
            int s = 0;
            foreach (var (name, values) in series)
            {
                var colour = Palette(s);
                var bars = Enumerable.Range(0, categories.Count).Where(c => !double.IsNaN(values[c])).Select(c => new Bar
                {
                    Position = c - (groupWidth / 2) + (barWidth * (s + 0.5)),
                    Value = values[c],
                    Size = barWidth * 0.95,
                    FillColor = colour,
                    Label = values[c].ToString("0.000", System.Globalization.CultureInfo.InvariantCulture),
                }).ToList();
                var plotted = plot.Add.Bars(bars);
                plotted.ValueLabelStyle.FontSize = 11;
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = name, FillColor = colour });
                s++;
            }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, categories.Count).Select(c => (double)c).ToArray(), categories.ToArray());
            // Room above the tallest bar for its value and the legend.
            double top = series.Values.SelectMany(v => v).Where(v => !double.IsNaN(v)).DefaultIfEmpty(1).Max();
            plot.Axes.SetLimitsY(0, Math.Max(top, 0) * 1.25 + 1e-9);
            plot.Title(title);
            plot.ShowLegend(Alignment.UpperRight);
            return PlotFile.Save(plot, path, width, height);
        }

        /// <summary>The epochs of a history that has some, as x values.</summary>
        private static double[] Epochs(TrainingHistory history)
        {
            if (history == null)
            {
                throw new ArgumentNullException(nameof(history));
            }
            if (history.Epochs.Count == 0)
            {
                throw new ArgumentException("The training history has no epochs to draw.", nameof(history));
            }
            return history.Epochs.Select(e => (double)e.Epoch).ToArray();
        }

        private static Color Palette(int index) => PlotFile.Palette(index);
    }
}
