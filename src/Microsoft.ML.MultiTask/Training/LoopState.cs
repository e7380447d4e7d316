using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// What the training loop carries from epoch to epoch, and its checkpoint: the loop's own sections (fingerprint,
    /// state, history, weights, optimizer, best weights) plus one section per stateful extension.
    /// </summary>
    internal sealed class LoopState
    {
        private const string Option = nameof(MultiTaskTrainer.Options) + "." + nameof(MultiTaskTrainer.Options.ResumeFromCheckpoint);

        /// <summary>The last completed epoch (0 before the first).</summary>
        public int Epoch { get; set; }

        /// <summary>The base learning rate: the option, lowered by each divergence recovery.</summary>
        public double LearningRate { get; set; }

        public int Recoveries { get; set; }

        public int BestEpoch { get; set; }

        public double BestLoss { get; set; } = double.PositiveInfinity;

        public int EpochsWithoutImprovement { get; set; }

        /// <summary>Each task's mean loss on the run's first batch (the reference of the loss-growth check).</summary>
        public double[]? InitialLosses { get; set; }

        public List<TrainingEpochSummary> Epochs { get; } = new List<TrainingEpochSummary>();

        public TrainingCheckpoint ToCheckpoint(TrainingFingerprint fingerprint, TrainingComponents components, AdamWOptimizer optimizer, WeightSnapshot best, TaskEarlyStopping? taskStopping)
        {
            var checkpoint = new TrainingCheckpoint();
            checkpoint.Set("fingerprint", fingerprint.Write);
            checkpoint.Set("loop", writer =>
            {
                writer.Write(Epoch);
                writer.Write(LearningRate);
                writer.Write(Recoveries);
                writer.Write(BestEpoch);
                writer.Write(BestLoss);
                writer.Write(EpochsWithoutImprovement);
                writer.Write(optimizer.StepCount);
                var initial = InitialLosses ?? Array.Empty<double>();
                writer.Write(initial.Length);
                Array.ForEach(initial, writer.Write);
            });
            checkpoint.Set("history", writer =>
            {
                writer.Write(Epochs.Count);
                Epochs.ForEach(summary => summary.Write(writer));
            });
            checkpoint.Set("parameters", writer => TrainingCheckpoint.WriteArrays(writer, ToArrays(components.Parameters)));
            checkpoint.Set("optimizer", writer =>
            {
                TrainingCheckpoint.WriteArrays(writer, ToArrays(optimizer.FirstMoments));
                TrainingCheckpoint.WriteArrays(writer, ToArrays(optimizer.SecondMoments));
            });
            if (!best.IsEmpty)
            {
                checkpoint.Set("best", writer => TrainingCheckpoint.WriteArrays(writer, ToArrays(best.Copies)));
            }
            foreach (var extension in components.Extensions.Where(e => e.CheckpointSection != null))
            {
                checkpoint.Set(extension.CheckpointSection!, extension.WriteState);
            }
            if (taskStopping != null)
            {
                checkpoint.Set(TaskEarlyStopping.CheckpointSection, taskStopping.Write);
            }
            return checkpoint;
        }

        /// <summary>Checks the checkpoint against this run and restores the state, the weights, the optimizer and every extension.</summary>
        public static LoopState Resume(TrainingCheckpoint checkpoint, TrainingFingerprint fingerprint, MultiTaskTrainer.Options options,
            TrainingComponents components, AdamWOptimizer optimizer, WeightSnapshot best, TaskEarlyStopping? taskStopping)
        {
            string? difference = fingerprint.FirstDifference(checkpoint.Get("fingerprint", TrainingFingerprint.Read));
            if (difference != null)
            {
                throw new ArgumentException($"{Option}: '{options.ResumeFromCheckpoint}' was written by a different run ({difference}). Resume with the same data, tasks, options and seed.");
            }
            var state = new LoopState();
            long optimizerStep = 0;
            checkpoint.Get("loop", reader =>
            {
                state.Epoch = reader.ReadInt32();
                state.LearningRate = reader.ReadDouble();
                state.Recoveries = reader.ReadInt32();
                state.BestEpoch = reader.ReadInt32();
                state.BestLoss = reader.ReadDouble();
                state.EpochsWithoutImprovement = reader.ReadInt32();
                optimizerStep = reader.ReadInt64();
                var initial = Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadDouble()).ToArray();
                state.InitialLosses = initial.Length == 0 ? null : initial;
                return true;
            });
            if (state.Epoch >= options.Epochs)
            {
                throw new ArgumentException($"{Option}: the checkpoint is of epoch {state.Epoch}, but {nameof(MultiTaskTrainer.Options.MaxEpochs)} is {options.Epochs}; raise MaxEpochs to train further.");
            }
            state.Epochs.AddRange(checkpoint.Get("history", reader => Enumerable.Range(0, reader.ReadInt32()).Select(_ => TrainingEpochSummary.Read(reader, options.Epochs)).ToArray()));
            var parameters = checkpoint.Get("parameters", TrainingCheckpoint.ReadArrays);
            if (checkpoint.Has("best"))
            {
                CopyInto(components.Parameters, checkpoint.Get("best", TrainingCheckpoint.ReadArrays));
                best.Capture(components.Parameters);
            }
            CopyInto(components.Parameters, parameters);
            checkpoint.Get("optimizer", reader =>
            {
                CopyInto(optimizer.FirstMoments, TrainingCheckpoint.ReadArrays(reader));
                CopyInto(optimizer.SecondMoments, TrainingCheckpoint.ReadArrays(reader));
                return true;
            });
            optimizer.ResumeAt(optimizerStep);
            if (taskStopping != null)
            {
                checkpoint.Get(TaskEarlyStopping.CheckpointSection, reader =>
                {
                    taskStopping.Read(reader);
                    return true;
                });
            }
            foreach (var extension in components.Extensions.Where(e => e.CheckpointSection != null))
            {
                checkpoint.Get(extension.CheckpointSection!, reader =>
                {
                    extension.ReadState(reader);
                    return true;
                });
            }
            return state;
        }

        private static float[][] ToArrays(IEnumerable<Tensor> tensors) => tensors.Select(TensorValues.Of).ToArray();

        private static void CopyInto(IReadOnlyList<Tensor> tensors, float[][] values) => TensorValues.CopyInto(tensors, values);
    }
}
