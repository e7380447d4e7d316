using System;
using System.IO;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>What the benchmark runs; <see cref="Full"/> is the published report, <see cref="Tiny"/> checks the generator.</summary>
    public sealed record BenchmarkSettings
    {
        public int[] Seeds { get; init; } = { 1, 2, 3 };

        /// <summary>Census rows read (null: all 99,762).</summary>
        public int? CensusRows { get; init; }

        public int CensusEpochs { get; init; } = 8;

        public int PenguinEpochs { get; init; } = 60;

        /// <summary>Rows scored one at a time for the latency figures.</summary>
        public int LatencyRows { get; init; } = 2000;

        public double[] ScaleFractions { get; init; } = { 0.25, 0.5, 1.0 };

        /// <summary>Seeds of the synthetic task-correlation experiment (each draws new data).</summary>
        public int[] SyntheticSeeds { get; init; } = { 1, 2, 3, 4, 5 };

        public int SyntheticRows { get; init; } = 10_000;

        public int SyntheticEpochs { get; init; } = 30;

        /// <summary>Epochs of the accuracy section's networks (null: the library's automatic choice, as a user gets it).</summary>
        public int? AccuracyEpochs { get; init; }

        /// <summary>Rows of the many-tasks section's synthetic data.</summary>
        public int ManyTaskRows { get; init; } = 20_000;

        /// <summary>Row counts of section 14 (10,000,000 with <c>--scale-10m</c>).</summary>
        public int[] ScaleRows { get; init; } = { 100_000, 1_000_000 };

        /// <summary>Alternating rounds of the bare loop and Fit in section 3.</summary>
        public int OverheadRounds { get; init; } = 3;

        /// <summary>Shares of the census training rows that keep their Income label in section 12.</summary>
        public double[] LabelShares { get; init; } = { 0.01, 0.05, 0.2, 1.0 };

        /// <summary>Trials per search in section 13.</summary>
        public int TuningTrials { get; init; } = 12;

        /// <summary>The accuracy section's data sets (null: all).</summary>
        public string[]? AccuracyDataSets { get; init; }

        public string DataFolder { get; init; } = Path.Combine(AppContext.BaseDirectory, "data");

        /// <summary>The options of a network with the library's defaults, as a user who sets only the tasks gets them, but for the seed and this run's <see cref="AccuracyEpochs"/>.</summary>
        public MultiTaskTrainer.Options DefaultNetwork(int seed, params TaskDefinition[] tasks)
        {
            var options = new MultiTaskTrainer.Options { Seed = seed, MaxEpochs = AccuracyEpochs };
            foreach (var task in tasks)
            {
                options.Tasks.Add(task);
            }
            return options;
        }

        public static BenchmarkSettings Full => new BenchmarkSettings();

        public static BenchmarkSettings Tiny => new BenchmarkSettings
        {
            Seeds = new[] { 1 },
            CensusRows = 3000,
            CensusEpochs = 1,
            PenguinEpochs = 2,
            LatencyRows = 20,
            ScaleFractions = new[] { 0.5, 1.0 },
            SyntheticSeeds = new[] { 1 },
            SyntheticRows = 300,
            SyntheticEpochs = 1,
            AccuracyEpochs = 1,
            AccuracyDataSets = new[] { "Penguins", "Emotions" },
            ManyTaskRows = 300,
            LabelShares = new[] { 0.2 },
            OverheadRounds = 1,
            ScaleRows = new[] { 2_000 },
            TuningTrials = 2,
        };
    }
}
