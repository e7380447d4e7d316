using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Relatedness
{
    /// <summary>
    /// Measures, every n-th step of a Fit, how the tasks' training interacts on the shared parameters: the cosine of every
    /// pair of tasks' mean-loss gradients, and the lookahead affinity of Fifty et al. (NeurIPS 2021),
    /// Z(i→j) = 1 − L_j(θ_s − η∇L_i, θ_j) / L_j(θ_s, θ_j) on the same batch in evaluation mode. The parameters are
    /// restored bit for bit after each lookahead, so training itself is unchanged. Per-epoch means go into the history.
    /// </summary>
    internal sealed class TaskRelationObserver : TrainingObserver
    {
        private readonly IReadOnlyList<string> _tasks;
        private readonly int _interval;
        private readonly double? _lookaheadRate;
        private readonly PairSums _cosine;
        private readonly PairSums _affinity;
        private readonly PairSums _epochCosine;
        private readonly PairSums _epochAffinity;
        private readonly List<TaskMatrix> _cosineByEpoch = new List<TaskMatrix>();

        /// <param name="tasks">The task names, in task order.</param>
        /// <param name="interval">Measure every this many steps.</param>
        /// <param name="lookaheadRate">η of the lookahead step, or null to skip the affinity.</param>
        public TaskRelationObserver(IReadOnlyList<string> tasks, int interval, double? lookaheadRate)
        {
            _tasks = tasks;
            _interval = interval;
            _lookaheadRate = lookaheadRate;
            (_cosine, _affinity, _epochCosine, _epochAffinity) = (new PairSums(tasks.Count), new PairSums(tasks.Count), new PairSums(tasks.Count), new PairSums(tasks.Count));
        }

        public override bool NeedsGraph => true;

        /// <summary>The mean gradient cosine over all measured steps.</summary>
        public TaskMatrix Cosine => _cosine.Mean("gradient cosine", _tasks);

        /// <summary>The mean lookahead affinity over all measured steps (row: the task whose step is taken; column: the task whose loss changes).</summary>
        public TaskMatrix Affinity => _affinity.Mean("lookahead affinity", _tasks);

        /// <summary>The mean gradient cosine of each epoch.</summary>
        public IReadOnlyList<TaskMatrix> CosineByEpoch => _cosineByEpoch;

        public override void OnStep(TrainingStep step)
        {
            var shared = step.SharedTasks;
            if (step.Step % _interval != 0 || shared.Count == 0)
            {
                return;
            }
            var parameters = step.Network.SharedParameters;
            var gradients = step.MeanLossGradients(parameters);
            using (no_grad())
            {
                var unit = gradients.div(gradients.norm(1, keepdim: true).clamp_min(1e-12));
                var cosines = TensorValues.Of(unit.matmul(unit.t()));
                for (int a = 0; a < shared.Count; a++)
                {
                    for (int b = 0; b < shared.Count; b++)
                    {
                        _cosine.Add(shared[a], shared[b], cosines[(a * shared.Count) + b]);
                        _epochCosine.Add(shared[a], shared[b], cosines[(a * shared.Count) + b]);
                    }
                }
                if (_lookaheadRate is double rate)
                {
                    Lookahead(step, parameters, gradients, rate);
                }
            }
        }

        private void Lookahead(TrainingStep step, IReadOnlyList<Tensor> parameters, Tensor gradients, double rate)
        {
            var before = step.BatchLosses();
            var saved = parameters.Select(p => p.detach().clone()).ToArray();
            var shared = step.SharedTasks;
            // A 0-d tensor rather than a Scalar: the step's dispose scope releases it exactly once.
            var eta = tensor((float)rate, device: gradients.device);
            for (int row = 0; row < shared.Count; row++)
            {
                long offset = 0;
                foreach (var parameter in parameters)
                {
                    long size = parameter.numel();
                    parameter.sub_(gradients[row].narrow(0, offset, size).view(parameter.shape).mul(eta));
                    offset += size;
                }
                var after = step.BatchLosses();
                for (int i = 0; i < parameters.Count; i++)
                {
                    parameters[i].copy_(saved[i]);
                }
                for (int task = 0; task < after.Length; task++)
                {
                    if (before[task] > 0 && double.IsFinite(after[task]))
                    {
                        _affinity.Add(shared[row], task, 1 - (after[task] / before[task]));
                        _epochAffinity.Add(shared[row], task, 1 - (after[task] / before[task]));
                    }
                }
            }
        }

        public override void OnEpochEnd(EpochEnd epoch)
        {
            var cosine = _epochCosine.Mean("gradient cosine", _tasks);
            var affinity = _epochAffinity.Mean("lookahead affinity", _tasks);
            _cosineByEpoch.Add(cosine);
            for (int a = 0; a < _tasks.Count; a++)
            {
                for (int b = 0; b < _tasks.Count; b++)
                {
                    if (a != b && cosine[a, b] is double c)
                    {
                        epoch.Record($"gradient cosine {_tasks[a]}|{_tasks[b]}", c);
                    }
                    if (a != b && affinity[a, b] is double z)
                    {
                        epoch.Record($"affinity {_tasks[a]}→{_tasks[b]}", z);
                    }
                }
            }
            _epochCosine.Clear();
            _epochAffinity.Clear();
        }

        /// <summary>Sums and counts of a measure per ordered pair of tasks.</summary>
        private sealed class PairSums
        {
            private readonly double[,] _sums;
            private readonly int[,] _counts;

            public PairSums(int tasks) => (_sums, _counts) = (new double[tasks, tasks], new int[tasks, tasks]);

            public void Add(int from, int to, double value)
            {
                _sums[from, to] += value;
                _counts[from, to]++;
            }

            public void Clear()
            {
                Array.Clear(_sums);
                Array.Clear(_counts);
            }

            public TaskMatrix Mean(string measure, IReadOnlyList<string> tasks)
            {
                var values = new double?[tasks.Count, tasks.Count];
                for (int a = 0; a < tasks.Count; a++)
                {
                    for (int b = 0; b < tasks.Count; b++)
                    {
                        values[a, b] = _counts[a, b] == 0 ? null : _sums[a, b] / _counts[a, b];
                    }
                }
                return new TaskMatrix(measure, tasks, values);
            }
        }
    }
}
