using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.MultiTask.Architectures;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// Per-task early stopping: a task whose validation loss has not improved for the patience stops pulling on the
    /// shared parameters — its head reads a detached representation, so its loss trains only the head, which keeps fitting
    /// the shared layers as the other tasks move them on, and its tower or gate is frozen. Training ends when every task
    /// has stopped. Its state is a checkpoint section.
    /// </summary>
    internal sealed class TaskEarlyStopping : IDisposable
    {
        private readonly IMultiTaskNetwork _network;
        private readonly IReadOnlyList<string> _names;
        private readonly int _patience;
        private readonly double _minDelta;
        private readonly double[] _best;
        private readonly int[] _waiting;
        private readonly int[] _stoppedAt;

        public TaskEarlyStopping(IMultiTaskNetwork network, IReadOnlyList<string> names, int patience, double minDelta)
        {
            _network = network;
            _names = names;
            _patience = patience;
            _minDelta = minDelta;
            _best = Enumerable.Repeat(double.PositiveInfinity, names.Count).ToArray();
            _waiting = new int[names.Count];
            _stoppedAt = new int[names.Count];
        }

        public const string CheckpointSection = "early-stopping:tasks";

        public bool IsStopped(int task) => _stoppedAt[task] > 0;

        public bool AllStopped => _stoppedAt.All(e => e > 0);

        /// <summary>The epoch each stopped task stopped after, by name.</summary>
        public IReadOnlyDictionary<string, int> StoppedEpochs => _names.Select((name, t) => (name, t)).Where(p => _stoppedAt[p.t] > 0).ToDictionary(p => p.name, p => _stoppedAt[p.t]);

        /// <summary>The tower and gate parameters of stopped tasks (their own, outside the head), which no step may move.</summary>
        public IReadOnlyCollection<Tensor> Frozen => Enumerable.Range(0, _names.Count).Where(IsStopped)
            .SelectMany(task => _network.TaskParameters(task).Except(_network.HeadParameters(task), ReferenceEqualityComparer.Instance).Cast<Tensor>()).ToArray();

        /// <summary>Updates every running task with its validation loss of <paramref name="epoch"/>; returns the tasks that stopped now.</summary>
        public IReadOnlyList<string> Update(int epoch, IReadOnlyDictionary<string, double> validationLosses)
        {
            var stopped = new List<string>();
            for (int task = 0; task < _names.Count; task++)
            {
                double loss = validationLosses[_names[task]];
                if (IsStopped(task) || double.IsNaN(loss))
                {
                    continue;
                }
                if (loss < _best[task] - _minDelta)
                {
                    (_best[task], _waiting[task]) = (loss, 0);
                }
                else if (++_waiting[task] >= _patience)
                {
                    _stoppedAt[task] = epoch;
                    _network.DetachedTasks.Add(task);
                    stopped.Add(_names[task]);
                }
            }
            return stopped;
        }

        public void Write(BinaryWriter writer)
        {
            for (int task = 0; task < _names.Count; task++)
            {
                writer.Write(_best[task]);
                writer.Write(_waiting[task]);
                writer.Write(_stoppedAt[task]);
            }
        }

        public void Read(BinaryReader reader)
        {
            for (int task = 0; task < _names.Count; task++)
            {
                _best[task] = reader.ReadDouble();
                _waiting[task] = reader.ReadInt32();
                _stoppedAt[task] = reader.ReadInt32();
                if (_stoppedAt[task] > 0)
                {
                    _network.DetachedTasks.Add(task);
                }
            }
        }

        /// <summary>The network's forward passes stop detaching when the run ends.</summary>
        public void Dispose() => _network.DetachedTasks.Clear();
    }
}
