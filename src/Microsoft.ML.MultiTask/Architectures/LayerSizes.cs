using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Architectures
{
    /// <summary>The check every layer-size option shares: positive sizes, and a non-empty list where one is needed.</summary>
    internal static class LayerSizes
    {
        public static void Check(IReadOnlyList<int>? sizes, string optionName, bool allowEmpty)
        {
            if (sizes == null || sizes.Any(size => size <= 0) || (!allowEmpty && sizes.Count == 0))
            {
                // The parameter name is the option's path below Options, as for the options' own checks (e.g. "Architecture.SharedLayers").
                const string prefix = nameof(MultiTaskTrainer.Options) + ".";
                throw new ArgumentOutOfRangeException(optionName.StartsWith(prefix, StringComparison.Ordinal) ? optionName.Substring(prefix.Length) : optionName,
                    $"{optionName} must be a list of positive layer sizes{(allowEmpty ? " (it may be empty)" : " with at least one layer")}; got {Describe(sizes)}.");
            }
        }

        public static string Describe(IReadOnlyList<int>? sizes) => sizes == null ? "null" : "[" + string.Join(", ", sizes) + "]";
    }
}
