using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.MultiTask.Training;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Dynamic weight average (Liu, Johns and Davison, "End-to-End Multi-Task Learning with Attention", CVPR 2019): a task
    /// whose loss fell more slowly over the last epoch gets more weight. With rᵢ = Lᵢ(e−1) / Lᵢ(e−2) (mean training losses
    /// of the two previous epochs), epoch e weighs task i by K·exp(rᵢ/T) / Σⱼ exp(rⱼ/T) (K tasks, so the weights sum to K),
    /// times its <see cref="TaskDefinition.LossWeight"/>. The first two epochs use weight 1. A task without a finite loss
    /// in either epoch (no labelled row) counts as r = 1.
    /// </summary>
    public sealed class DynamicWeightAverage : LossBalancing
    {
        /// <summary>The temperature T; larger values make the weights more even. Default 2, as in the paper.</summary>
        public double Temperature { get; set; } = 2;

        internal override void Validate(string optionName, IReadOnlyList<TaskDefinition> tasks)
        {
            if (!(Temperature > 0) || double.IsInfinity(Temperature))
            {
                throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, $"{optionName}.{nameof(Temperature)} must be a finite number > 0 (default 2); got {Temperature}.");
            }
            new FixedLossWeights().Validate(optionName, tasks);
        }

        internal override Balancing.LossBalancer Build(ExtensionContext context) => new Balancer(context.Tasks, Temperature);

        private sealed class Balancer : Balancing.LossBalancer
        {
            private readonly IReadOnlyList<TaskDefinition> _tasks;
            private readonly double _temperature;
            private double[] _previous;
            private double[] _beforePrevious;
            private double[] _weights;

            public Balancer(IReadOnlyList<TaskDefinition> tasks, double temperature)
            {
                _tasks = tasks;
                _temperature = temperature;
                _previous = Enumerable.Repeat(double.NaN, tasks.Count).ToArray();
                _beforePrevious = _previous.ToArray();
                _weights = Enumerable.Repeat(1.0, tasks.Count).ToArray();
            }

            public override string CheckpointSection => "balancing:" + nameof(DynamicWeightAverage);

            public override void Balance(TrainingStep step)
            {
                foreach (int task in step.TrainedTasks)
                {
                    double weight = _weights[task] * _tasks[task].LossWeight;
                    step.SetTerm(task, step.WeightedMeanLoss(task, weight), weight);
                }
            }

            public override void OnEpochEnd(EpochEnd epoch)
            {
                _beforePrevious = _previous;
                _previous = _tasks.Select(t => epoch.TrainingLosses[t.Name]).ToArray();
                if (_beforePrevious.All(double.IsNaN))
                {
                    return;
                }
                var ratios = _previous.Zip(_beforePrevious, (last, before) => double.IsFinite(last) && double.IsFinite(before) && before > 0 ? last / before : 1).ToArray();
                var exps = ratios.Select(r => Math.Exp(r / _temperature)).ToArray();
                _weights = exps.Select(e => _tasks.Count * e / exps.Sum()).ToArray();
            }

            public override void WriteState(BinaryWriter writer)
            {
                foreach (var values in new[] { _previous, _beforePrevious, _weights })
                {
                    writer.Write(values.Length);
                    Array.ForEach(values, writer.Write);
                }
            }

            public override void ReadState(BinaryReader reader)
            {
                double[] Read() => Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadDouble()).ToArray();
                (_previous, _beforePrevious, _weights) = (Read(), Read(), Read());
            }
        }
    }
}
