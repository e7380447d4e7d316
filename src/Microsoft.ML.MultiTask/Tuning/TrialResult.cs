using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.MultiTask
{
    /// <summary>One trial of a tuning run: the values it tried, how it ended, and its validation metrics.</summary>
    public sealed class TrialResult
    {
        internal TrialResult(int number, IReadOnlyList<KeyValuePair<string, object>> parameters, TrialStatus status, double? objective,
            MultiTaskMetrics? metrics, int epochs, TimeSpan duration, string? error)
        {
            Number = number;
            Parameters = parameters;
            Status = status;
            Objective = objective;
            Metrics = metrics;
            Epochs = epochs;
            Duration = duration;
            Error = error;
        }

        /// <summary>The trial's number, from 1.</summary>
        public int Number { get; }

        /// <summary>The value of each dimension of the search space, in the space's order.</summary>
        public IReadOnlyList<KeyValuePair<string, object>> Parameters { get; }

        /// <summary>How the trial ended.</summary>
        public TrialStatus Status { get; }

        /// <summary>The weighted mean of the tasks' main figures on the validation data (higher is better); null unless completed.</summary>
        public double? Objective { get; }

        /// <summary>Every task's metrics on the validation data; null unless completed.</summary>
        public MultiTaskMetrics? Metrics { get; }

        /// <summary>The epochs the trial trained.</summary>
        public int Epochs { get; }

        /// <summary>How long the trial took, evaluation included.</summary>
        public TimeSpan Duration { get; }

        /// <summary>Why a failed trial failed; null otherwise.</summary>
        public string? Error { get; }

        /// <summary>One line: number, status, objective, epochs, time and values.</summary>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "trial {0}: {1}{2}, {3} epochs, {4:0.0} s; {5}{6}",
            Number, Status, Objective is double o ? string.Format(CultureInfo.InvariantCulture, " objective {0:0.0000}", o) : string.Empty, Epochs,
            Duration.TotalSeconds, string.Join(", ", Parameters.Select(p => $"{p.Key} = {Format(p.Value)}")), Error == null ? string.Empty : $" ({Error})");

        internal static string Format(object value) => value switch
        {
            double d => d.ToString("G4", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }
}
