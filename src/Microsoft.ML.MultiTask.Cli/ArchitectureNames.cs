using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>The <c>--architecture</c> values and the architecture (with its defaults) each one builds.</summary>
    internal static class ArchitectureNames
    {
        private static readonly IReadOnlyDictionary<string, Func<MultiTaskArchitecture>> All = new Dictionary<string, Func<MultiTaskArchitecture>>(StringComparer.OrdinalIgnoreCase)
        {
            ["hard-sharing"] = () => new HardSharing(),
            ["soft-sharing"] = () => new SoftSharing(),
            ["cross-stitch"] = () => new CrossStitch(),
            ["mmoe"] = () => new MixtureOfExperts(),
            ["ple"] = () => new ProgressiveLayeredExtraction(),
        };

        /// <summary>The trainer's default architecture.</summary>
        public const string Default = "hard-sharing";

        public static IEnumerable<string> Names => All.Keys;

        public static MultiTaskArchitecture Create(string name) => All.TryGetValue(name, out var create)
            ? create()
            : throw new UsageException($"--architecture: unknown architecture '{name}'; choose one of {string.Join(", ", All.Keys)}.");
    }
}
