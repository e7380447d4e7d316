using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// Every setting that changes what a run computes, by name: the data's size, the tasks, the options and each
    /// extension's description. A checkpoint is resumed only by a run with the same fingerprint, and a difference is
    /// reported by the name of the setting.
    /// </summary>
    internal sealed class TrainingFingerprint
    {
        private readonly List<KeyValuePair<string, string>> _items = new List<KeyValuePair<string, string>>();

        public TrainingFingerprint Add(string name, object? value)
        {
            _items.Add(new KeyValuePair<string, string>(name, OptionDescription.Value(value)));
            return this;
        }

        /// <summary>The first setting whose value differs, as "name: A in the checkpoint, B in this run", or null when all agree.</summary>
        public string? FirstDifference(TrainingFingerprint checkpoint)
        {
            var theirs = checkpoint._items.ToDictionary(p => p.Key, p => p.Value);
            foreach (var (name, value) in _items)
            {
                if (!theirs.TryGetValue(name, out var other))
                {
                    return $"{name}: not recorded in the checkpoint, {value} in this run";
                }
                if (other != value)
                {
                    return $"{name}: {other} in the checkpoint, {value} in this run";
                }
            }
            var extra = checkpoint._items.FirstOrDefault(p => _items.All(i => i.Key != p.Key));
            return extra.Key == null ? null : $"{extra.Key}: {extra.Value} in the checkpoint, not set in this run";
        }

        public void Write(BinaryWriter writer)
        {
            writer.Write(_items.Count);
            foreach (var (name, value) in _items)
            {
                writer.Write(name);
                writer.Write(value);
            }
        }

        public static TrainingFingerprint Read(BinaryReader reader)
        {
            var fingerprint = new TrainingFingerprint();
            int count = reader.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                fingerprint._items.Add(new KeyValuePair<string, string>(reader.ReadString(), reader.ReadString()));
            }
            return fingerprint;
        }

        public override string ToString() => string.Join(", ", _items.Select(p => $"{p.Key} {p.Value}"));
    }
}
