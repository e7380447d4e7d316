using System;
using System.Globalization;
using System.Linq;
using Spectre.Console;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>
    /// Shows training as it goes: on a terminal a live bar (epoch of the most, per-task losses, elapsed time and ETA);
    /// when the output is redirected (a log, CI) one line per epoch with the same figures.
    /// </summary>
    internal sealed class TrainingProgressView : IProgress<TrainingEpochSummary>
    {
        private ProgressTask? _bar;

        /// <summary>Runs <paramref name="fit"/> with the live display around it where the console is interactive.</summary>
        public T Run<T>(Func<T> fit)
        {
            if (!AnsiConsole.Profile.Capabilities.Interactive)
            {
                return fit();
            }
            T result = default!;
            AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    _bar = context.AddTask("Preparing the data", maxValue: 1);
                    _bar.IsIndeterminate = true;
                    result = fit();
                    _bar.IsIndeterminate = false;
                    _bar.Value = _bar.MaxValue;
                });
            return result;
        }

        public void Report(TrainingEpochSummary value)
        {
            string losses = string.Join("  ", value.TrainingLosses.Select(p => string.Format(CultureInfo.InvariantCulture, "{0} {1:0.000}", p.Key, p.Value)));
            string line = string.Format(CultureInfo.InvariantCulture, "epoch {0}/{1}  loss {2}", value.Epoch, value.MaxEpochs, losses)
                + (value.ValidationLoss is double validation ? string.Format(CultureInfo.InvariantCulture, "  validation {0:0.000}", validation) : string.Empty);
            if (_bar == null)
            {
                var eta = TimeSpan.FromTicks(value.Elapsed.Ticks / value.Epoch * (value.MaxEpochs - value.Epoch));
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}  {1:0.0} s, at most {2:0} s to go", line, value.Elapsed.TotalSeconds, eta.TotalSeconds));
                return;
            }
            _bar.IsIndeterminate = false;
            _bar.MaxValue = value.MaxEpochs;
            _bar.Value = value.Epoch;
            _bar.Description = Markup.Escape(line);
        }
    }
}
