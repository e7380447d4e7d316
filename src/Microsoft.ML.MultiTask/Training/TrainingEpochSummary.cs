using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Microsoft.ML.MultiTask
{
    /// <summary>What one training epoch did: losses per task on training and validation data, the task weights and learning rate it used, and speed.</summary>
    public sealed class TrainingEpochSummary
    {
        internal TrainingEpochSummary(int epoch, IReadOnlyDictionary<string, double> trainingLosses, double trainingLoss,
            IReadOnlyDictionary<string, double>? validationLosses, double? validationLoss, double rowsPerSecond, TimeSpan elapsed, double learningRate,
            IReadOnlyDictionary<string, double> taskWeights, IReadOnlyDictionary<string, double> observations, IReadOnlyList<string> trainedTasks, int maxEpochs)
        {
            MaxEpochs = maxEpochs;
            TrainedTasks = trainedTasks;
            Epoch = epoch;
            TrainingLosses = trainingLosses;
            TrainingLoss = trainingLoss;
            ValidationLosses = validationLosses;
            ValidationLoss = validationLoss;
            RowsPerSecond = rowsPerSecond;
            Elapsed = elapsed;
            LearningRate = learningRate;
            TaskWeights = taskWeights;
            Observations = observations;
        }

        /// <summary>The epoch, from 1.</summary>
        public int Epoch { get; }

        /// <summary>
        /// The epochs the run takes at most: <see cref="MultiTaskTrainer.Options.MaxEpochs"/> or its automatic choice. Early
        /// stopping or <see cref="MultiTaskTrainer.Options.MaxTrainingTime"/> may end it sooner. For progress displays.
        /// </summary>
        public int MaxEpochs { get; }

        /// <summary>Mean loss per task over the epoch's labelled training rows (regression: on the standardized label).</summary>
        public IReadOnlyDictionary<string, double> TrainingLosses { get; }

        /// <summary>The loss-weighted sum of <see cref="TrainingLosses"/>.</summary>
        public double TrainingLoss { get; }

        /// <summary>Mean loss per task on the validation set after the epoch, or null without one.</summary>
        public IReadOnlyDictionary<string, double>? ValidationLosses { get; }

        /// <summary>The loss-weighted sum of <see cref="ValidationLosses"/>, or null without a validation set.</summary>
        public double? ValidationLoss { get; }

        /// <summary>Training rows processed per second in this epoch.</summary>
        public double RowsPerSecond { get; }

        /// <summary>Time since training started.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>
        /// The learning rate of the epoch's last step: <see cref="MultiTaskTrainer.Options.LearningRate"/> times the
        /// schedule's factor, lower after a divergence recovery.
        /// </summary>
        public double LearningRate { get; }

        /// <summary>
        /// Per task, the mean weight the loss balancing gave its loss over the steps that trained it in this epoch
        /// (0 when no step did). With <see cref="FixedLossWeights"/> it is the task's <see cref="TaskDefinition.LossWeight"/>.
        /// </summary>
        public IReadOnlyDictionary<string, double> TaskWeights { get; }

        /// <summary>The tasks at least one step of this epoch trained (the strategy's choice, and labelled rows in the batch), in task order.</summary>
        public IReadOnlyList<string> TrainedTasks { get; }

        /// <summary>Named values recorded by training observers in this epoch (empty when none ran).</summary>
        public IReadOnlyDictionary<string, double> Observations { get; }

        /// <inheritdoc/>
        public override string ToString()
        {
            var text = string.Format(CultureInfo.InvariantCulture, "epoch {0}: loss {1:0.0000} ({2})", Epoch, TrainingLoss,
                string.Join(", ", TrainingLosses.Select(p => string.Format(CultureInfo.InvariantCulture, "{0} {1:0.0000}", p.Key, p.Value))));
            if (ValidationLoss.HasValue)
            {
                text += string.Format(CultureInfo.InvariantCulture, ", validation {0:0.0000}", ValidationLoss.Value);
            }
            return text + string.Format(CultureInfo.InvariantCulture, ", learning rate {0:G4}, {1:0} rows/s", LearningRate, RowsPerSecond);
        }

        internal void Write(BinaryWriter writer)
        {
            writer.Write(Epoch);
            Training.TrainingCheckpoint.WriteValues(writer, TrainingLosses);
            writer.Write(TrainingLoss);
            writer.Write(ValidationLosses != null);
            if (ValidationLosses != null)
            {
                Training.TrainingCheckpoint.WriteValues(writer, ValidationLosses);
                writer.Write(ValidationLoss!.Value);
            }
            writer.Write(RowsPerSecond);
            writer.Write(Elapsed.Ticks);
            writer.Write(LearningRate);
            Training.TrainingCheckpoint.WriteValues(writer, TaskWeights);
            Training.TrainingCheckpoint.WriteValues(writer, Observations);
            writer.Write(TrainedTasks.Count);
            foreach (var task in TrainedTasks)
            {
                writer.Write(task);
            }
        }

        /// <summary>Reads a summary <see cref="Write"/> wrote; <paramref name="maxEpochs"/> is the resumed run's (not stored).</summary>
        internal static TrainingEpochSummary Read(BinaryReader reader, int maxEpochs)
        {
            int epoch = reader.ReadInt32();
            var trainingLosses = Training.TrainingCheckpoint.ReadValues(reader);
            double trainingLoss = reader.ReadDouble();
            Dictionary<string, double>? validationLosses = null;
            double? validationLoss = null;
            if (reader.ReadBoolean())
            {
                validationLosses = Training.TrainingCheckpoint.ReadValues(reader);
                validationLoss = reader.ReadDouble();
            }
            double rowsPerSecond = reader.ReadDouble();
            var elapsed = TimeSpan.FromTicks(reader.ReadInt64());
            double learningRate = reader.ReadDouble();
            var weights = Training.TrainingCheckpoint.ReadValues(reader);
            var observations = Training.TrainingCheckpoint.ReadValues(reader);
            var trained = Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadString()).ToArray();
            return new TrainingEpochSummary(epoch, trainingLosses, trainingLoss, validationLosses, validationLoss, rowsPerSecond, elapsed, learningRate,
                weights, observations, trained, maxEpochs);
        }
    }
}
