using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Encodings
{
    /// <summary>
    /// Finds the one-hot slot groups of a feature vector: slots named <c>Column.Category</c> (how ML.NET's Concatenate names
    /// the slots of a one-hot encoded column) grouped by the text before the first '.', kept when every training row has
    /// raw values 0 or 1 in the group and at most one 1. One pass over the stored entries, so a sparse 100,000-slot group
    /// costs its non-zeros, not rows × slots.
    /// </summary>
    internal static class OneHotGroups
    {
        /// <summary>The one-hot groups, in slot order, and the groups whose slots are named like one but whose values are not one-hot (with the reason).</summary>
        public static (IReadOnlyList<CategoricalColumn> Columns, IReadOnlyDictionary<string, string> NotOneHot) Find(EncodingContext context)
        {
            var names = context.SlotNames;
            var notOneHot = new Dictionary<string, string>(StringComparer.Ordinal);
            if (names == null)
            {
                return (Array.Empty<CategoricalColumn>(), notOneHot);
            }
            var candidates = Enumerable.Range(0, names.Count)
                .Select(slot => (Slot: slot, Dot: names[slot].IndexOf('.', StringComparison.Ordinal)))
                .Where(s => s.Dot > 0)
                .GroupBy(s => names[s.Slot].Substring(0, s.Dot), StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Slots: g.Select(s => s.Slot).ToArray(), Categories: g.Select(s => names[s.Slot].Substring(s.Dot + 1)).ToArray()))
                .ToList();
            int rows = context.Features.RowCount;
            var groupOf = Enumerable.Repeat(-1, context.Features.Width).ToArray();
            var indexInGroup = new int[context.Features.Width];
            for (int g = 0; g < candidates.Count; g++)
            {
                for (int i = 0; i < candidates[g].Slots.Length; i++)
                {
                    (groupOf[candidates[g].Slots[i]], indexInGroup[candidates[g].Slots[i]]) = (g, i);
                }
            }
            var problems = new string?[candidates.Count];
            var counts = candidates.Select(c => new int[c.Slots.Length]).ToArray();
            var stored = new int[context.Features.Width];
            // The row each group last saw a 1 in, and where: a second 1 in the same row breaks the group.
            var hotRow = Enumerable.Repeat(-1, candidates.Count).ToArray();
            var hotSlot = new int[candidates.Count];
            context.Features.VisitNonZeros((row, slot, value) =>
            {
                int g = groupOf[slot];
                if (g < 0 || problems[g] != null)
                {
                    return;
                }
                stored[slot]++;
                float raw = context.Raw(slot, value);
                if (Math.Abs(raw - 1) < 1e-3)
                {
                    if (hotRow[g] == row)
                    {
                        problems[g] = $"row {row} has a 1 in both '{names[hotSlot[g]]}' and '{names[slot]}'";
                        return;
                    }
                    (hotRow[g], hotSlot[g]) = (row, slot);
                    counts[g][indexInGroup[slot]]++;
                }
                else if (Math.Abs(raw) >= 1e-3)
                {
                    problems[g] = $"row {row} has {raw} in slot '{names[slot]}'";
                }
            });
            for (int g = 0; g < candidates.Count; g++)
            {
                // An entry stored as zero reads as the scaling's offset, which must be a raw 0 too.
                var implicitOne = candidates[g].Slots.FirstOrDefault(s => stored[s] < rows && Math.Abs(context.Raw(s, 0)) >= 1e-3, -1);
                if (problems[g] == null && implicitOne >= 0)
                {
                    problems[g] = $"slot '{names[implicitOne]}' reads {context.Raw(implicitOne, 0)} where it stores 0";
                }
                if (problems[g] != null)
                {
                    notOneHot[candidates[g].Name] = problems[g]!;
                }
            }
            return (candidates.Select((c, g) => (c, g)).Where(p => problems[p.g] == null)
                .Select(p => new CategoricalColumn(p.c.Name, p.c.Slots, p.c.Categories, counts[p.g])).ToArray(), notOneHot);
        }
    }
}
