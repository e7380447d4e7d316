using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Progressive training: a subset of the tasks first, the others introduced stage by stage. With no
    /// <see cref="Stages"/>, the first task trains alone for <see cref="EpochsPerTask"/> epochs, then the second joins
    /// it, and so on in task order; the last stage runs until MaxEpochs. A task outside the current stage adds nothing
    /// to the loss. Optionally, for <see cref="NewTaskWarmupEpochs"/> after a task joins, only the newly joined tasks'
    /// own parameters (their heads) train, so a fresh head does not disturb the shared layers.
    /// </summary>
    public sealed class ProgressiveTraining : TrainingStrategy
    {
        /// <summary>Explicit stages, in order. Default empty: one task more every <see cref="EpochsPerTask"/> epochs.</summary>
        public IList<TrainingStage> Stages { get; } = new List<TrainingStage>();

        /// <summary>Without <see cref="Stages"/>: epochs before the next task joins, ≥ 1. Default 1.</summary>
        public int EpochsPerTask { get; set; } = 1;

        /// <summary>Epochs after a stage starts during which only its newly joined tasks' own parameters train (the rest frozen), ≥ 0. Default 0.</summary>
        public int NewTaskWarmupEpochs { get; set; }

        internal override void Validate(string optionName, IReadOnlyList<TaskDefinition> tasks, int maxEpochs)
        {
            if (EpochsPerTask < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(EpochsPerTask), EpochsPerTask, $"{optionName}.{nameof(EpochsPerTask)} must be >= 1; got {EpochsPerTask}.");
            }
            if (NewTaskWarmupEpochs < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(NewTaskWarmupEpochs), NewTaskWarmupEpochs, $"{optionName}.{nameof(NewTaskWarmupEpochs)} must be >= 0; got {NewTaskWarmupEpochs}.");
            }
            var names = tasks.Select(t => t.Name).ToArray();
            for (int s = 0; s < Stages.Count; s++)
            {
                var stage = Stages[s] ?? throw new ArgumentException($"{optionName}.{nameof(Stages)}[{s}] is null.");
                if (stage.Tasks.Count == 0)
                {
                    throw new ArgumentException($"{optionName}.{nameof(Stages)}[{s}] has no task; every stage trains at least one.");
                }
                if (stage.Epochs < 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(Stages), stage.Epochs, $"{optionName}.{nameof(Stages)}[{s}] has {stage.Epochs} epochs; a stage needs at least 1.");
                }
                var unknown = stage.Tasks.FirstOrDefault(t => !names.Contains(t, StringComparer.Ordinal));
                if (unknown != null)
                {
                    throw new ArgumentException($"{optionName}.{nameof(Stages)}[{s}] names task '{unknown}', which is not in Options.Tasks ({string.Join(", ", names)}).");
                }
            }
            var plan = Plan(names);
            var never = names.Where((_, t) => !plan.Any(stage => stage.Start <= maxEpochs && stage.Active[t])).ToArray();
            if (never.Length > 0)
            {
                throw new ArgumentException($"{optionName}: task '{never[0]}' would never train in {maxEpochs} epochs ({(Stages.Count == 0 ? $"one task joins every {EpochsPerTask} epochs" : "it is in no stage that starts by then")}); " +
                    $"add it to a stage, shorten the stages, or raise MaxEpochs.");
            }
        }

        internal override Strategies.StrategyPlanner Build(ExtensionContext context) => new Planner(context, Plan(context.Tasks.Select(t => t.Name).ToArray()), NewTaskWarmupEpochs);

        /// <summary>The stages with their first epoch (from 1) and a mask of the tasks they train.</summary>
        private (int Start, bool[] Active)[] Plan(IReadOnlyList<string> names)
        {
            var stages = Stages.Count > 0
                ? Stages.Select(s => (s.Epochs, Active: names.Select(n => s.Tasks.Contains(n, StringComparer.Ordinal)).ToArray())).ToArray()
                : names.Select((_, k) => (EpochsPerTask, Active: names.Select((_, t) => t <= k).ToArray())).ToArray();
            int start = 1;
            return stages.Select(s => { var stage = (start, s.Active); start += s.Item1; return stage; }).ToArray();
        }

        private sealed class Planner : Strategies.StrategyPlanner
        {
            private readonly ExtensionContext _context;
            private readonly (int Start, bool[] Active)[] _stages;
            private readonly int _warmup;

            public Planner(ExtensionContext context, (int Start, bool[] Active)[] stages, int warmup)
            {
                _context = context;
                _stages = stages;
                _warmup = warmup;
            }

            public override IReadOnlyCollection<Tensor> Plan(int epoch, int stepInEpoch, bool[] active)
            {
                int current = Array.FindLastIndex(_stages, s => s.Start <= epoch);
                var stage = _stages[current];
                bool warmingUp = current > 0 && epoch < stage.Start + _warmup;
                var previous = current > 0 ? _stages[current - 1].Active : new bool[active.Length];
                for (int task = 0; task < active.Length; task++)
                {
                    active[task] = stage.Active[task] && (!warmingUp || !previous[task]);
                }
                if (!warmingUp)
                {
                    return Array.Empty<Tensor>();
                }
                var training = new HashSet<Tensor>(Enumerable.Range(0, active.Length).Where(t => active[t]).SelectMany(_context.Network.TaskParameters), ReferenceEqualityComparer.Instance);
                return _context.Network.Module.parameters().Cast<Tensor>().Where(p => !training.Contains(p)).ToArray();
            }
        }
    }
}
