using System.Collections.Generic;

namespace Microsoft.ML.MultiTask.Cli.Commands
{
    /// <summary>The <c>train</c> command's options, checked before any data is read.</summary>
    internal sealed record TrainSettings(
        string Dataset, IReadOnlyList<string> Tasks, string? Output, double TestFraction, double? ValidationFraction,
        string? Architecture, int? Epochs, int? TimeSeconds, int? Trials, int Seed, string? TempDir)
    {
        public void Check()
        {
            if (!(TestFraction > 0 && TestFraction < 1))
            {
                throw new UsageException($"--test-fraction must be between 0 and 1 (exclusive); got {TestFraction}.");
            }
            if (ValidationFraction is double v && !(v >= 0 && v < 1))
            {
                throw new UsageException($"--validation-fraction must be in [0, 1); got {v}.");
            }
            if (Epochs is int e && e < 1)
            {
                throw new UsageException($"--epochs must be at least 1; got {e}.");
            }
            if (TimeSeconds is int t && t < 1)
            {
                throw new UsageException($"--time is a training time budget in seconds and must be at least 1; got {t}.");
            }
            if (Trials is int n && n < 1)
            {
                throw new UsageException($"--trials must be at least 1; got {n}.");
            }
            if (TempDir != null && !System.IO.Directory.Exists(TempDir))
            {
                throw new UsageException($"--temp-dir '{TempDir}' does not exist; name an existing folder on a disk with room for the featurized training rows.");
            }
            ArchitectureNames.Create(Architecture ?? ArchitectureNames.Default);
        }
    }
}
