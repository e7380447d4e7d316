using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Encodings
{
    /// <summary>
    /// Which slots a numeric encoding works on, and their training values: the named ones, or every slot with more than
    /// two distinct training values (binary and one-hot slots have two, before or after scaling, and are left alone).
    /// </summary>
    internal static class NumericSlots
    {
        /// <summary>
        /// Above this many training rows the values are those of every k-th row only, k = ⌈rows / this⌉: quantiles and
        /// medians of a million rows are as good, and memory stays bounded on data streamed from disk.
        /// </summary>
        public const int MaximumSampledRows = 1_000_000;

        /// <summary>
        /// Per chosen slot, in slot order, its position in the encoder's input and its non-zero training values, from
        /// <paramref name="rows"/> rows (all, or an even sample of <see cref="MaximumSampledRows"/>; zeros are implicit: rows minus the count).
        /// </summary>
        public static IReadOnlyList<(int Position, List<float> NonZeros)> Find(EncodingContext context, int[]? named, string optionName, out int rows)
        {
            int width = context.Features.Width;
            foreach (int slot in named ?? Array.Empty<int>())
            {
                if (slot >= width)
                {
                    throw new ArgumentOutOfRangeException(optionName, $"{context.OptionName}.{optionName} names slot {slot}, but the feature vector has {width} slots.");
                }
                if (context.PositionOf(slot) < 0)
                {
                    throw new ArgumentOutOfRangeException(optionName, $"{context.OptionName}.{optionName} names slot {slot}, which is a category of a column that {nameof(MultiTaskTrainer.Options)}.{nameof(MultiTaskTrainer.Options.CategoricalEmbeddings)} embeds; name numeric slots only.");
                }
            }
            var values = Enumerable.Range(0, context.InputSize).Select(_ => new List<float>()).ToArray();
            int stride = (int)((context.Features.RowCount + (long)MaximumSampledRows - 1) / MaximumSampledRows);
            context.VisitNonZeros((row, position, value) =>
            {
                if (row % stride == 0)
                {
                    values[position].Add(value);
                }
            });
            rows = (context.Features.RowCount + stride - 1) / stride;
            int sampled = rows;
            var chosen = named?.Select(context.PositionOf)
                ?? Enumerable.Range(0, context.InputSize).Where(p => values[p].Distinct().Count() + (values[p].Count < sampled ? 1 : 0) > 2);
            return chosen.Distinct().OrderBy(p => p).Select(p => (p, values[p])).ToArray();
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
