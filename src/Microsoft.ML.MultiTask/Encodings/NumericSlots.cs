using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Encodings
{
    /// <summary>Which slots a numeric encoding works on, and their training values: the named ones, or every slot not all 0/1.</summary>
    internal static class NumericSlots
    {
        /// <summary>Per chosen slot, in slot order, its non-zero training values (zeros are implicit: rows minus the count).</summary>
        public static IReadOnlyList<(int Slot, List<float> NonZeros)> Find(EncodingContext context, int[]? named, string optionName)
        {
            int width = context.InputSize;
            var outside = named?.FirstOrDefault(s => s >= width);
            if (outside is int slot && slot >= width)
            {
                throw new ArgumentOutOfRangeException(optionName, $"{context.OptionName}.{optionName} names slot {slot}, but the feature vector has {width} slots.");
            }
            var values = Enumerable.Range(0, width).Select(_ => new List<float>()).ToArray();
            context.Features.VisitNonZeros((s, v) => values[s].Add(v));
            var chosen = named ?? Enumerable.Range(0, width).Where(s => values[s].Any(v => v != 1)).ToArray();
            return chosen.Distinct().OrderBy(s => s).Select(s => (s, values[s])).ToArray();
        }

        /// <summary>The check of a <c>NumericSlots</c> option: indices ≥ 0.</summary>
        public static void Validate(int[]? named, string optionName, string propertyName)
        {
            if (named != null && named.Any(s => s < 0))
            {
                throw new ArgumentOutOfRangeException(propertyName, $"{optionName}.{propertyName} must hold slot indices >= 0; got [{string.Join(", ", named)}].");
            }
        }
    }
}
