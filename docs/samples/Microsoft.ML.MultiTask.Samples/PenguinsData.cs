using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.MultiTask;

namespace Microsoft.ML.MultiTask.Samples
{
    /// <summary>One penguin of the Palmer penguins file (docs/samples/data/penguins).</summary>
    public sealed class Penguin
    {
        public string Species { get; set; } = string.Empty;
        public string Island { get; set; } = string.Empty;
        public float BillLength { get; set; }
        public float BillDepth { get; set; }
        public float FlipperLength { get; set; }
        public float BodyMass { get; set; }

        /// <summary>1 = male, 0 = female, NaN = not recorded: the row still trains the other tasks.</summary>
        public float Sex { get; set; }
    }

    /// <summary>Reads penguins.csv ("NA" becomes NaN) and names the featurization and tasks every penguins model here uses.</summary>
    public static class PenguinsData
    {
        /// <summary>The rows that have a body mass (the two rows without any measurement are left out).</summary>
        public static List<Penguin> Load(string path) => File.ReadLines(path).Skip(1)
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

        /// <summary>Island one-hot encoded, then "Features" = island, bill length, bill depth, flipper length.</summary>
        public static IEstimator<ITransformer> Featurize(MLContext ml)
            => ml.Transforms.Categorical.OneHotEncoding("IslandOneHot", nameof(Penguin.Island))
                .Append(ml.Transforms.Concatenate("Features", "IslandOneHot", nameof(Penguin.BillLength), nameof(Penguin.BillDepth), nameof(Penguin.FlipperLength)));

        /// <summary>Species (multiclass), Sex (binary, partly missing), BodyMass (regression).</summary>
        public static TaskDefinition[] Tasks() => new[]
        {
            TaskDefinition.Multiclass("Species", nameof(Penguin.Species)),
            TaskDefinition.Binary("Sex", nameof(Penguin.Sex)),
            TaskDefinition.Regression("BodyMass", nameof(Penguin.BodyMass)),
        };

        /// <summary>The trainer options every penguins model here uses: shared [32], heads [16], batch 32, learning rate 0.01, the three tasks.</summary>
        /// <param name="epochs">Passes over the training data.</param>
        /// <param name="seed">The seed; null draws it from the MLContext.</param>
        public static MultiTaskTrainer.Options TrainerOptions(int epochs, int? seed = null)
        {
            var options = new MultiTaskTrainer.Options
            {
                Architecture = new HardSharing { SharedLayers = new[] { 32 } },
                HeadLayers = new[] { 16 },
                BatchSize = 32,
                LearningRate = 0.01,
                MaxEpochs = epochs,
                Seed = seed,
            };
            foreach (var task in Tasks())
            {
                options.Tasks.Add(task);
            }
            return options;
        }

        private static float Number(string text) => text == "NA" ? float.NaN : float.Parse(text, CultureInfo.InvariantCulture);
    }
}
