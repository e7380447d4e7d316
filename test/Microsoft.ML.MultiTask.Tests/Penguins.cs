using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.MultiTask.Samples;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>The penguins data of the sample (docs/samples/data), split and featurized for tests.</summary>
    internal static class Penguins
    {
        public static readonly string Path = System.IO.Path.Combine(AppContext.BaseDirectory, "data", "penguins", "penguins.csv");

        public static List<Penguin> Load() => PenguinsData.Load(Path);

        /// <summary>A fixed split: a seeded shuffle, then a quarter of the rows are test data.</summary>
        public static (List<Penguin> Train, List<Penguin> Test) Split(List<Penguin> rows)
        {
            var random = new Random(42);
            var shuffled = rows.OrderBy(_ => random.Next()).ToList();
            int testCount = shuffled.Count / 4;
            return (shuffled.Skip(testCount).ToList(), shuffled.Take(testCount).ToList());
        }

        public static IEstimator<ITransformer> Featurize(MLContext ml) => PenguinsData.Featurize(ml);

        public static MultiTaskTrainer.Options Options(int epochs = 60)
        {
            var options = PenguinsData.TrainerOptions(epochs, seed: 7);
            options.Dropout = 0;
            // The tests on penguins train for the epochs they name, on every row.
            options.ValidationFraction = 0;
            return options;
        }
    }
}
