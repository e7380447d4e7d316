using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Encodings
{
    /// <summary>
    /// Finds the one-hot slot groups of a feature vector: slots named <c>Column.Category</c> (how ML.NET's Concatenate names
    /// the slots of a one-hot encoded column) grouped by the text before the first '.', kept when every training row has
    /// raw values 0 or 1 in the group and at most one 1.
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
            var counts = candidates.Select(c => new int[c.Slots.Length]).ToArray();
            var width = context.Features.Width;
            var row = new float[width];
            for (int r = 0; r < context.Features.RowCount && candidates.Count > 0; r++)
            {
                context.Features.ReadRow(r, row);
                for (int g = candidates.Count - 1; g >= 0; g--)
                {
                    var (name, slots, _) = candidates[g];
                    int hot = -1;
                    string? problem = null;
                    for (int i = 0; i < slots.Length && problem == null; i++)
                    {
                        float raw = context.Raw(slots[i], row[slots[i]]);
                        if (Math.Abs(raw - 1) < 1e-3)
                        {
                            problem = hot >= 0 ? $"row {r} has a 1 in both '{names[slots[hot]]}' and '{names[slots[i]]}'" : null;
                            hot = i;
                        }
                        else if (Math.Abs(raw) >= 1e-3)
                        {
                            problem = $"row {r} has {raw} in slot '{names[slots[i]]}'";
                        }
                    }
                    if (problem != null)
                    {
                        notOneHot[name] = problem;
                        candidates.RemoveAt(g);
                        counts = counts.Where((_, i) => i != g).ToArray();
                    }
                    else if (hot >= 0)
                    {
                        counts[g][hot]++;
                    }
                }
            }
            return (candidates.Select((c, g) => new CategoricalColumn(c.Name, c.Slots, c.Categories, counts[g])).ToArray(), notOneHot);
        }
    }
}
