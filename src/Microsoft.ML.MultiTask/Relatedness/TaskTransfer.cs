using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// One task's main figure (<see cref="TaskMetrics.MainFigure"/>: higher is better) trained with the other tasks and
    /// trained alone, with the same options, over the same seeds, on the same test data.
    /// </summary>
    public sealed class TaskTransfer
    {
        internal TaskTransfer(string task, string metric, IReadOnlyList<double> multiTask, IReadOnlyList<double> singleTask)
        {
            Task = task;
            Metric = metric;
            MultiTask = multiTask;
            SingleTask = singleTask;
        }

        /// <summary>The task's name.</summary>
        public string Task { get; }

        /// <summary>The figure's name, e.g. AUC.</summary>
        public string Metric { get; }

        /// <summary>The figure of the multi-task model, per seed.</summary>
        public IReadOnlyList<double> MultiTask { get; }

        /// <summary>The figure of the task trained alone, per seed.</summary>
        public IReadOnlyList<double> SingleTask { get; }

        /// <summary>Mean multi-task figure minus mean single-task figure: positive when sharing helped.</summary>
        public double Difference => MultiTask.Average() - SingleTask.Average();

        /// <summary>The spread of <see cref="Difference"/> over the seeds: √(sd²(multi-task) + sd²(single-task)); 0 with one seed.</summary>
        public double Spread => Math.Sqrt((Variance(MultiTask) + Variance(SingleTask)));

        /// <summary>True when the task does worse with the others by more than <see cref="Spread"/> (negative transfer).</summary>
        public bool NegativeTransfer => Difference < -Spread;

        /// <summary>The relative change of the figure, as in LibMTL's Δm (the figure is higher-is-better): (multi − single) / single.</summary>
        public double RelativeChange => Difference / SingleTask.Average();

        private static double Variance(IReadOnlyList<double> values)
        {
            if (values.Count < 2)
            {
                return 0;
            }
            double mean = values.Average();
            return values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        }
    }
}
