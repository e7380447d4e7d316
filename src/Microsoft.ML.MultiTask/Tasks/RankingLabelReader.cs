using System;
using System.Collections.Generic;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>
    /// Reads a ranking row as two floats: its relevance grade (NaN = missing) and its group, numbered from 0 in order of
    /// first appearance. A row without a group has neither: it cannot be ranked against anything.
    /// </summary>
    internal sealed class RankingLabelReader : TaskLabelReader
    {
        private readonly Func<float> _grade;
        private readonly Func<string?> _group;
        private readonly Dictionary<string, int> _groups = new Dictionary<string, int>(StringComparer.Ordinal);

        private const int MaxGroups = 1 << 24;

        public RankingLabelReader(Func<float> grade, Func<string?> group)
        {
            _grade = grade;
            _group = group;
        }

        public override int Width => 2;

        /// <summary>Only the grade is a label; the group relates the row to others.</summary>
        public override int CountedWidth => 1;

        /// <summary>Groups seen so far.</summary>
        public int GroupCount => _groups.Count;

        public override void Read(Span<float> destination)
        {
            string? group = _group();
            if (group == null)
            {
                destination[0] = destination[1] = float.NaN;
                return;
            }
            if (!_groups.TryGetValue(group, out int index))
            {
                index = _groups.Count;
                if (index == MaxGroups)
                {
                    throw new InvalidOperationException($"A ranking task's group column holds more than {MaxGroups} groups; group numbers are stored as floats, exact only up to 2^24.");
                }
                _groups.Add(group, index);
            }
            destination[0] = _grade();
            destination[1] = index;
        }
    }
}
