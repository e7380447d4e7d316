using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.MultiTask;

namespace Microsoft.ML.MultiTask.Samples
{
    /// <summary>
    /// Census-Income (KDD), the MMoE paper's setup: income &gt; 50K and marital status = never married,
    /// every other column a feature. Split: 50% train, 25% validation, 25% test (seed 1).
    /// </summary>
    public static class CensusIncomeSample
    {
        public static void Run(string outputFolder)
        {
            Console.WriteLine("\n=== Census-Income (KDD): income > 50K, never married ===");
            var ml = new MLContext(seed: 1);
            using var census = CensusData.Load(ml, Path.Combine(AppContext.BaseDirectory, "data", "census-income-kdd", "census-income.csv.gz"));
            var (train, validation, test, featurize) = (census.Train, census.Validation, census.Test, census.Featurize);
            var featurizer = featurize.Fit(train);

            var clock = Stopwatch.StartNew();
            // The library's defaults: hard sharing [128, 64], piecewise-linear encoding of the numeric columns, batch size and
            // epochs chosen from the row count; early stopping on the validation set.
            var trainer = ml.MultiTask().Trainers.SharedEncoder(new MultiTaskTrainer.Options
            {
                Tasks = { TaskDefinition.Binary("Income"), TaskDefinition.Binary("NeverMarried") },
                ValidationSet = featurizer.Transform(validation),
                EarlyStoppingPatience = 3,
                Progress = new ConsoleProgress(),
            });
            var model = featurizer.Append(trainer.Fit(featurizer.Transform(train)));
            Console.WriteLine($"Multi-task fit: {clock.Elapsed.TotalSeconds:0.0} s, best epoch {model.LastTransformer.History.BestEpoch}");
            var metrics = ml.MultiTask().Evaluate(model.Transform(test), model.LastTransformer);
            Console.WriteLine(metrics);

            Console.WriteLine("Single-task LightGBM on the same split (one model per task):");
            foreach (var label in new[] { "Income", "NeverMarried" })
            {
                clock.Restart();
                var single = featurize.Append(ml.BinaryClassification.Trainers.LightGbm(labelColumnName: label, featureColumnName: "Features")).Fit(train);
                var auc = ml.BinaryClassification.Evaluate(single.Transform(test), labelColumnName: label).AreaUnderRocCurve;
                Console.WriteLine($"  {label,-13} AUC {auc:0.0000} (fit {clock.Elapsed.TotalSeconds:0.0} s); multi-task AUC {metrics[label].Binary!.AreaUnderRocCurve:0.0000}");
            }

            string path = Path.Combine(outputFolder, "census-multitask.zip");
            ml.Model.Save(model, train.Schema, path);
            var loaded = new MLContext().Model.Load(path, out _);
            var reloaded = ml.MultiTask().Evaluate(loaded.Transform(test), model.LastTransformer.Tasks);
            Console.WriteLine($"Saved {path} ({new FileInfo(path).Length / 1024} KB); reloaded Income AUC {reloaded["Income"].Binary!.AreaUnderRocCurve:0.0000}");
            model.LastTransformer.Dispose();
        }

        private sealed class ConsoleProgress : IProgress<TrainingEpochSummary>
        {
            public void Report(TrainingEpochSummary value) => Console.WriteLine("  " + value);
        }
    }
}
