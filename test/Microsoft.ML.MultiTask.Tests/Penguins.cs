using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>The Palmer penguins file shipped in docs/samples/data, as rows and as ML.NET pipelines.</summary>
    public sealed class Penguin
    {
        public string Species { get; set; } = string.Empty;
        public string Island { get; set; } = string.Empty;
        public float BillLength { get; set; }
        public float BillDepth { get; set; }
        public float FlipperLength { get; set; }
        public float BodyMass { get; set; }
        /// <summary>1 male, 0 female, NaN when the file says NA.</summary>
        public float Sex { get; set; }

        public Penguin Clone() => (Penguin)MemberwiseClone();
    }

    internal static class Penguins
    {
        public static readonly string Path = System.IO.Path.Combine(AppContext.BaseDirectory, "data", "penguins.csv");

        /// <summary>Rows with body mass (the two rows without any measurement are dropped).</summary>
        public static List<Penguin> Load() => File.ReadLines(Path).Skip(1)
            .Select(line => line.Split(','))
            .Where(f => f[5] != "NA")
            .Select(f => new Penguin
            {
                Species = f[0],
                Island = f[1],
                BillLength = Number(f[2]),
                BillDepth = Number(f[3]),
                FlipperLength = Number(f[4]),
                BodyMass = Number(f[5]),
                Sex = f[6] == "male" ? 1f : f[6] == "female" ? 0f : float.NaN,
            }).ToList();

        /// <summary>A fixed split: a seeded shuffle, then a quarter of the rows are test data.</summary>
        public static (List<Penguin> Train, List<Penguin> Test) Split(List<Penguin> rows)
        {
            var random = new Random(42);
            var shuffled = rows.OrderBy(_ => random.Next()).ToList();
            int testCount = shuffled.Count / 4;
            return (shuffled.Skip(testCount).ToList(), shuffled.Take(testCount).ToList());
        }

        public static IEstimator<ITransformer> Featurize(MLContext ml)
            => ml.Transforms.Categorical.OneHotEncoding("IslandOneHot", nameof(Penguin.Island))
                .Append(ml.Transforms.Concatenate("Features", "IslandOneHot", nameof(Penguin.BillLength), nameof(Penguin.BillDepth), nameof(Penguin.FlipperLength)));

        public static SharedEncoderTrainer.Options Options(int epochs = 60) => new SharedEncoderTrainer.Options
        {
            Tasks =
            {
                TaskDefinition.Multiclass("Species", nameof(Penguin.Species)),
                TaskDefinition.Binary("Sex", nameof(Penguin.Sex)),
                TaskDefinition.Regression("BodyMass", nameof(Penguin.BodyMass)),
            },
            SharedLayers = new[] { 32 },
            HeadLayers = new[] { 16 },
            MaxEpochs = epochs,
            BatchSize = 32,
            LearningRate = 0.01,
            Dropout = 0,
            Seed = 7,
        };

        private static float Number(string text) => text == "NA" ? float.NaN : float.Parse(text, CultureInfo.InvariantCulture);
    }
}
