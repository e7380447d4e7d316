using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// Everything a training run needs to continue exactly where it stopped after an epoch: weights, the
    /// optimizer's moments and step count, the learning rate, early-stopping state (with the best epoch's
    /// weights) and the history so far. Minibatch order and dropout are seeded per epoch, so a resumed run
    /// reaches the same weights as an uninterrupted one. The file is a small binary format of this library.
    /// </summary>
    internal sealed class TrainingCheckpoint
    {
        private const string Magic = "Microsoft.ML.MultiTask checkpoint";
        private const int FormatVersion = 1;

        /// <summary>Describes the data, options and network the checkpoint belongs to; a resumed run must match it.</summary>
        public string Fingerprint { get; init; } = string.Empty;

        public int Epoch { get; init; }

        public double LearningRate { get; init; }

        public int Recoveries { get; init; }

        public long OptimizerStep { get; init; }

        public int BestEpoch { get; init; }

        public double BestLoss { get; init; }

        public int EpochsWithoutImprovement { get; init; }

        public IReadOnlyList<TrainingEpochSummary> Epochs { get; init; } = Array.Empty<TrainingEpochSummary>();

        public float[][] Parameters { get; init; } = Array.Empty<float[]>();

        public float[][] FirstMoments { get; init; } = Array.Empty<float[]>();

        public float[][] SecondMoments { get; init; } = Array.Empty<float[]>();

        /// <summary>The best epoch's weights, or null when none was kept yet.</summary>
        public float[][]? Best { get; set; }

        /// <summary>The checkpoint file name of an epoch inside the checkpoint folder.</summary>
        public static string FileName(int epoch) => $"checkpoint-epoch-{epoch:D4}.mtcheckpoint";

        /// <summary>Writes to a temporary file first, so an interrupted write never leaves a truncated checkpoint.</summary>
        public void Write(string path)
        {
            string partial = path + ".partial";
            using (var writer = new BinaryWriter(File.Create(partial), Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(Fingerprint);
                writer.Write(Epoch);
                writer.Write(LearningRate);
                writer.Write(Recoveries);
                writer.Write(OptimizerStep);
                writer.Write(BestEpoch);
                writer.Write(BestLoss);
                writer.Write(EpochsWithoutImprovement);
                writer.Write(Epochs.Count);
                foreach (var summary in Epochs)
                {
                    WriteSummary(writer, summary);
                }
                WriteArrays(writer, Parameters);
                WriteArrays(writer, FirstMoments);
                WriteArrays(writer, SecondMoments);
                writer.Write(Best != null);
                if (Best != null)
                {
                    WriteArrays(writer, Best);
                }
            }
            File.Move(partial, path, overwrite: true);
        }

        /// <summary>Reads a checkpoint; errors name the file and what is wrong with it.</summary>
        public static TrainingCheckpoint Read(string path)
        {
            const string option = nameof(SharedEncoderTrainer.Options) + "." + nameof(SharedEncoderTrainer.Options.ResumeFromCheckpoint);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{option}: the checkpoint file '{path}' does not exist.", path);
            }
            try
            {
                using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
                if (reader.ReadString() != Magic)
                {
                    throw new InvalidDataException("it is not a checkpoint of this library");
                }
                int version = reader.ReadInt32();
                if (version != FormatVersion)
                {
                    throw new InvalidDataException($"it has format version {version}; this library reads version {FormatVersion}");
                }
                var checkpoint = new TrainingCheckpoint
                {
                    Fingerprint = reader.ReadString(),
                    Epoch = reader.ReadInt32(),
                    LearningRate = reader.ReadDouble(),
                    Recoveries = reader.ReadInt32(),
                    OptimizerStep = reader.ReadInt64(),
                    BestEpoch = reader.ReadInt32(),
                    BestLoss = reader.ReadDouble(),
                    EpochsWithoutImprovement = reader.ReadInt32(),
                    Epochs = Enumerable.Range(0, reader.ReadInt32()).Select(_ => ReadSummary(reader)).ToArray(),
                    Parameters = ReadArrays(reader),
                    FirstMoments = ReadArrays(reader),
                    SecondMoments = ReadArrays(reader),
                };
                checkpoint.Best = reader.ReadBoolean() ? ReadArrays(reader) : null;
                return checkpoint;
            }
            catch (Exception e) when (e is EndOfStreamException || e is InvalidDataException || e is IOException)
            {
                throw new InvalidDataException($"{option}: '{path}' cannot be read as a training checkpoint: {e.Message}.", e);
            }
        }

        private static void WriteSummary(BinaryWriter writer, TrainingEpochSummary summary)
        {
            writer.Write(summary.Epoch);
            WriteLosses(writer, summary.TrainingLosses);
            writer.Write(summary.TrainingLoss);
            writer.Write(summary.ValidationLosses != null);
            if (summary.ValidationLosses != null)
            {
                WriteLosses(writer, summary.ValidationLosses);
                writer.Write(summary.ValidationLoss!.Value);
            }
            writer.Write(summary.RowsPerSecond);
            writer.Write(summary.Elapsed.Ticks);
            writer.Write(summary.LearningRate);
        }

        private static TrainingEpochSummary ReadSummary(BinaryReader reader)
        {
            int epoch = reader.ReadInt32();
            var trainingLosses = ReadLosses(reader);
            double trainingLoss = reader.ReadDouble();
            Dictionary<string, double>? validationLosses = null;
            double? validationLoss = null;
            if (reader.ReadBoolean())
            {
                validationLosses = ReadLosses(reader);
                validationLoss = reader.ReadDouble();
            }
            double rowsPerSecond = reader.ReadDouble();
            var elapsed = TimeSpan.FromTicks(reader.ReadInt64());
            return new TrainingEpochSummary(epoch, trainingLosses, trainingLoss, validationLosses, validationLoss, rowsPerSecond, elapsed, reader.ReadDouble());
        }

        private static void WriteLosses(BinaryWriter writer, IReadOnlyDictionary<string, double> losses)
        {
            writer.Write(losses.Count);
            foreach (var (task, loss) in losses)
            {
                writer.Write(task);
                writer.Write(loss);
            }
        }

        private static Dictionary<string, double> ReadLosses(BinaryReader reader)
            => Enumerable.Range(0, reader.ReadInt32()).Select(_ => (Task: reader.ReadString(), Loss: reader.ReadDouble())).ToDictionary(p => p.Task, p => p.Loss);

        private static void WriteArrays(BinaryWriter writer, float[][] arrays)
        {
            writer.Write(arrays.Length);
            foreach (var array in arrays)
            {
                writer.Write(array.Length);
                writer.Write(MemoryMarshal.AsBytes(array.AsSpan()));
            }
        }

        private static float[][] ReadArrays(BinaryReader reader)
            => Enumerable.Range(0, reader.ReadInt32()).Select(_ =>
            {
                var array = new float[reader.ReadInt32()];
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(array.AsSpan()));
                return array;
            }).ToArray();
    }
}
