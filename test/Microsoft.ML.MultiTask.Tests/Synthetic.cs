using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Benchmarks;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>A row of generated data with one label column of every kind and type the library reads.</summary>
    public sealed class SyntheticRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public bool Positive { get; set; }

        public double Amount { get; set; }

        public string Group { get; set; } = string.Empty;

        public int GroupNumber { get; set; }

        [VectorType(3)]
        public bool[] Tags { get; set; } = Array.Empty<bool>();

        [VectorType(3)]
        public float[] TagScores { get; set; } = Array.Empty<float>();

        /// <summary>A categorical column: Features[3] cut into eight ranges (the outer ones rare), for one-hot encoding.</summary>
        public string Region { get; set; } = string.Empty;

        /// <summary>An example weight: 0.5, 1, 1.5 or 2 by quadrant.</summary>
        public float Weight { get; set; }

        /// <summary>An ordered class: <see cref="Amount"/> cut at 55, 85, 115 and 145 into grades 1 to 5.</summary>
        public float Grade { get; set; }
    }

    internal static class Synthetic
    {
        /// <summary>Labels that depend on the features: a sign, a linear amount, a quadrant and three sign tags.</summary>
        public static List<SyntheticRow> Rows(int count, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, count).Select(_ =>
            {
                var x = new[] { random.NextNormalSingle(), random.NextNormalSingle(), random.NextNormalSingle(), random.NextNormalSingle() };
                int quadrant = (x[0] > 0 ? 1 : 0) + (x[1] > 0 ? 2 : 0);
                var tags = new[] { x[0] > 0, x[1] > 0, x[0] + x[2] > 0 };
                double amount = 100 + (30 * x[2]) - (20 * x[3]);
                return new SyntheticRow
                {
                    Features = x,
                    Positive = x[0] + (0.5f * x[1]) > 0,
                    Amount = amount,
                    Group = new[] { "south-west", "south-east", "north-west", "north-east" }[quadrant],
                    GroupNumber = 10 * (quadrant + 1),
                    Tags = tags,
                    TagScores = tags.Select(t => t ? 1f : 0f).ToArray(),
                    Region = "r" + Math.Clamp((int)Math.Floor(x[3] * 2) + 4, 0, 7),
                    Weight = 0.5f * (quadrant + 1),
                    Grade = 1 + new[] { 55, 85, 115, 145 }.Count(cut => amount > cut),
                };
            }).ToList();
        }

        public static MultiTaskTrainer.Options Options(int epochs, params TaskDefinition[] tasks)
        {
            // No feature encoding and no automatic validation split: the tests built on these options check other behaviour on
            // the milestone-1 path (the pinned predictions among them); every encoding, the default one included, and the
            // automatic split have tests of their own.
            var options = new MultiTaskTrainer.Options
            {
                Architecture = new HardSharing { SharedLayers = new[] { 16 } }, HeadLayers = new[] { 8 }, MaxEpochs = epochs, BatchSize = 32, LearningRate = 0.01, Dropout = 0, Seed = 3,
                FeatureEncoding = null,
                ValidationFraction = 0,
            };
            foreach (var task in tasks)
            {
                options.Tasks.Add(task);
            }
            return options;
        }
    }
}
