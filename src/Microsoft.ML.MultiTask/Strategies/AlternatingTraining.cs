using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Alternating training: each step trains one task's loss while the parameters that belong only to the other tasks
    /// (their heads and towers) stay frozen — unchanged to the bit, no momentum and no weight decay. The shared
    /// parameters move with the chosen task. Useful when tasks have very different amounts of labelled data. A step
    /// whose batch has no label for the chosen task trains nothing.
    /// </summary>
    public sealed class AlternatingTraining : TrainingStrategy
    {
        /// <summary>How the task of each step is chosen. Default <see cref="TaskSelection.RoundRobin"/>.</summary>
        public TaskSelection Selection { get; set; } = TaskSelection.RoundRobin;

        internal override void Validate(string optionName, IReadOnlyList<TaskDefinition> tasks, int maxEpochs)
        {
            if (!Enum.IsDefined(Selection))
            {
                throw new ArgumentOutOfRangeException(nameof(Selection), Selection, $"{optionName}.{nameof(Selection)} must be RoundRobin or ProportionalToLabelledRows.");
            }
        }

        internal override Strategies.StrategyPlanner Build(ExtensionContext context) => new Planner(context, Selection);

        private sealed class Planner : Strategies.StrategyPlanner
        {
            private readonly ExtensionContext _context;
            private readonly TaskSelection _selection;
            private readonly double[] _cumulative;

            public Planner(ExtensionContext context, TaskSelection selection)
            {
                _context = context;
                _selection = selection;
                double total = context.LabelledRows.Sum();
                double running = 0;
                _cumulative = context.LabelledRows.Select(rows => (running += rows) / total).ToArray();
            }

            public override IReadOnlyCollection<Tensor> Plan(int epoch, int stepInEpoch, bool[] active)
            {
                int chosen = _selection == TaskSelection.RoundRobin
                    ? (int)(_context.Position(epoch, stepInEpoch) % active.Length)
                    : Draw(DeterministicRandom.For(_context.Seed, epoch, stepInEpoch, nameof(AlternatingTraining)).NextDouble());
                for (int task = 0; task < active.Length; task++)
                {
                    active[task] = task == chosen;
                }
                return Enumerable.Range(0, active.Length).Where(t => t != chosen).SelectMany(_context.Network.TaskParameters).ToArray();
            }

            private int Draw(double u)
            {
                int task = Array.FindIndex(_cumulative, c => u < c);
                return task < 0 ? _cumulative.Length - 1 : task;
            }
        }
    }
}
