using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask;
using Microsoft.ML.MultiTask.Charts;

namespace Microsoft.ML.MultiTask.Samples
{
    /// <summary>Palmer penguins: species (multiclass), sex (binary, 11 labels missing), body mass (regression).</summary>
    public static class PenguinsSample
    {
        public static void Run(string outputFolder)
        {
            Console.WriteLine("\n=== Penguins: species, sex (partly missing), body mass ===");
            var ml = new MLContext(seed: 1);
            var rows = PenguinsData.Load(Path.Combine(AppContext.BaseDirectory, "data", "penguins", "penguins.csv"));
            var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(rows), testFraction: 0.25, seed: 1);

            // Species (multiclass), Sex (binary, 11 labels missing), BodyMass (regression).
            var options = PenguinsData.TrainerOptions(epochs: 60);
            var pipeline = PenguinsData.Featurize(ml).Append(ml.MultiTask().Trainers.SharedEncoder(options));
            var model = pipeline.Fit(split.TrainSet);
            var scored = model.Transform(split.TestSet);
            var metrics = ml.MultiTask().Evaluate(scored, model.LastTransformer);
            Console.WriteLine($"Trained {model.LastTransformer.History.Epochs.Count} epochs; last: {model.LastTransformer.History.Epochs[^1]}");
            Console.WriteLine(metrics);

            string path = Path.Combine(outputFolder, "penguins-multitask.zip");
            ml.Model.Save(model, split.TrainSet.Schema, path);
            var loaded = new MLContext().Model.Load(path, out _);
            var before = scored.GetColumn<float>("BodyMass.Score").ToArray();
            var after = loaded.Transform(split.TestSet).GetColumn<float>("BodyMass.Score").ToArray();
            Console.WriteLine($"Saved {path} ({new FileInfo(path).Length / 1024} KB); reloaded predictions identical: {before.SequenceEqual(after)}");
            var curves = TrainingCharts.LossCurves(model.LastTransformer.History, Path.Combine(outputFolder, "penguins-loss.png"));
            var bars = TrainingCharts.MetricBars(metrics, Path.Combine(outputFolder, "penguins-metrics.png"));
            Console.WriteLine($"Charts: {curves.Path}, {bars.Path}");
            model.LastTransformer.Dispose();
        }

    }
}
