using System;
using System.Collections.Generic;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>
    /// Reads a class label as its class index (a float; NaN = missing). In training it adds each
    /// new class in order of first appearance; against a fitted class list, a class never seen in
    /// training reads as missing and is counted in <see cref="UnknownCount"/>.
    /// </summary>
    internal sealed class ClassLabelReader : TaskLabelReader
    {
        private readonly Func<string?> _getter;
        private readonly bool _growing;
        private readonly List<string> _classes;
        private readonly Dictionary<string, int> _index;

        public ClassLabelReader(Func<string?> getter, IEnumerable<string> knownClasses, bool growing)
        {
            _getter = getter;
            _growing = growing;
            _classes = new List<string>();
            _index = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string name in knownClasses)
            {
                if (_index.TryAdd(name, _classes.Count))
                {
                    _classes.Add(name);
                }
            }
        }

        public override int Width => 1;

        /// <summary>The classes, in index order.</summary>
        public IReadOnlyList<string> Classes => _classes;

        /// <summary>Rows whose class is not in a fixed class list.</summary>
        public int UnknownCount { get; private set; }

        public override void Read(Span<float> destination)
        {
            string? name = _getter();
            if (name == null)
            {
                destination[0] = float.NaN;
                return;
            }
            if (!_index.TryGetValue(name, out int index))
            {
                if (!_growing)
                {
                    UnknownCount++;
                    destination[0] = float.NaN;
                    return;
                }
                index = _classes.Count;
                _index.Add(name, index);
                _classes.Add(name);
            }
            destination[0] = index;
        }
    }
}
