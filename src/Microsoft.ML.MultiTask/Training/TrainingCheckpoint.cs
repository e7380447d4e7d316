using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// A checkpoint file: named sections of bytes behind a magic string and a format version. The training loop writes
    /// its own sections (fingerprint, loop state, history, weights, optimizer moments, best weights) and every stateful
    /// extension writes one of its own, so an extension added later needs no change here.
    /// </summary>
    internal sealed class TrainingCheckpoint
    {
        private const string Magic = "Microsoft.ML.MultiTask checkpoint";
        private const int FormatVersion = 2;
        private const string Option = nameof(MultiTaskTrainer.Options) + "." + nameof(MultiTaskTrainer.Options.ResumeFromCheckpoint);
        private readonly Dictionary<string, byte[]> _sections = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        private string _source = string.Empty;

        /// <summary>The checkpoint file name of an epoch inside the checkpoint folder.</summary>
        public static string FileName(int epoch) => $"checkpoint-epoch-{epoch:D4}.mtcheckpoint";

        public bool Has(string section) => _sections.ContainsKey(section);

        public void Set(string section, Action<BinaryWriter> write)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                write(writer);
            }
            _sections[section] = stream.ToArray();
        }

        /// <summary>Reads a section; a missing or short one is an error naming the file and the section.</summary>
        public T Get<T>(string section, Func<BinaryReader, T> read)
        {
            if (!_sections.TryGetValue(section, out var bytes))
            {
                throw new InvalidDataException($"{Option}: '{_source}' has no section '{section}'; it was written by a run with other options.");
            }
            try
            {
                using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
                return read(reader);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"{Option}: section '{section}' of '{_source}' is truncated.", e);
            }
        }

        /// <summary>Writes to a temporary file first, so an interrupted write never leaves a truncated checkpoint.</summary>
        public void Write(string path)
        {
            string partial = path + ".partial";
            using (var writer = new BinaryWriter(File.Create(partial), Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(_sections.Count);
                foreach (var (name, bytes) in _sections)
                {
                    writer.Write(name);
                    writer.Write(bytes.Length);
                    writer.Write(bytes);
                }
            }
            File.Move(partial, path, overwrite: true);
        }

        /// <summary>Reads a checkpoint; errors name the file and what is wrong with it.</summary>
        public static TrainingCheckpoint Read(string path)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{Option}: the checkpoint file '{path}' does not exist.", path);
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
                    throw new InvalidDataException(version < FormatVersion
                        ? $"it has checkpoint format {version}, written by an earlier version of Microsoft.ML.MultiTask; this version reads format {FormatVersion} only, so train again from the start"
                        : $"it has checkpoint format {version}, written by a later version of Microsoft.ML.MultiTask; this version reads format {FormatVersion}");
                }
                var checkpoint = new TrainingCheckpoint { _source = path };
                int count = reader.ReadInt32();
                for (int i = 0; i < count; i++)
                {
                    string name = reader.ReadString();
                    int length = reader.ReadInt32();
                    var bytes = reader.ReadBytes(length);
                    if (length < 0 || bytes.Length != length)
                    {
                        throw new EndOfStreamException($"section '{name}' is truncated");
                    }
                    checkpoint._sections[name] = bytes;
                }
                if (reader.BaseStream.Position != reader.BaseStream.Length)
                {
                    throw new InvalidDataException("it has data after its last section");
                }
                return checkpoint;
            }
            catch (Exception e) when (e is EndOfStreamException || e is InvalidDataException || e is IOException)
            {
                throw new InvalidDataException($"{Option}: '{path}' cannot be read as a training checkpoint: {e.Message}.", e);
            }
        }

        public static void WriteArrays(BinaryWriter writer, float[][] arrays)
        {
            writer.Write(arrays.Length);
            foreach (var array in arrays)
            {
                writer.Write(array.Length);
                writer.Write(MemoryMarshal.AsBytes(array.AsSpan()));
            }
        }

        public static float[][] ReadArrays(BinaryReader reader)
            => Enumerable.Range(0, reader.ReadInt32()).Select(_ =>
            {
                var array = new float[reader.ReadInt32()];
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(array.AsSpan()));
                return array;
            }).ToArray();

        public static void WriteValues(BinaryWriter writer, IReadOnlyDictionary<string, double> values)
        {
            writer.Write(values.Count);
            foreach (var (name, value) in values)
            {
                writer.Write(name);
                writer.Write(value);
            }
        }

        public static Dictionary<string, double> ReadValues(BinaryReader reader)
            => Enumerable.Range(0, reader.ReadInt32()).Select(_ => (Name: reader.ReadString(), Value: reader.ReadDouble())).ToDictionary(p => p.Name, p => p.Value);
    }
}
