using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>
    /// The short catalog overloads train exactly the model of the options they stand for: same seed (from the MLContext), same
    /// predictions, and each argument changes the model.
    /// </summary>
    [TestClass]
    public sealed class TrainerOverloadTests
    {
        private static readonly List<SyntheticRow> Rows = Synthetic.Rows(150, seed: 4);

        /// <summary>The rows with the features in a column named <paramref name="featureColumnName"/>.</summary>
        private static IDataView Data(MLContext ml, string featureColumnName)
        {
            var data = ml.Data.LoadFromEnumerable(Rows);
            return featureColumnName == "Features" ? data : ml.Transforms.CopyColumns(featureColumnName, "Features").Append(ml.Transforms.DropColumns("Features")).Fit(data).Transform(data);
        }

        private static TaskDefinition[] Tasks() => new[] { TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount") };

        /// <summary>Fits with a fresh MLContext(seed: 1), so the seed the trainer draws is the same each time.</summary>
        private static (float[] Scores, int Epochs) Fit(System.Func<MLContext, MultiTaskTrainer> trainer, string featureColumnName = "Features")
        {
            var ml = new MLContext(seed: 1);
            var data = Data(ml, featureColumnName);
            using var model = trainer(ml).Fit(data);
            Assert.AreEqual(featureColumnName, model.FeatureColumnName);
            var scored = model.Transform(data);
            return (scored.GetColumn<float>("Positive.Score").Concat(scored.GetColumn<float>("Amount.Score")).ToArray(), model.History.Epochs.Count);
        }

        private static MultiTaskTrainer.Options Options(string featureColumnName, int? maxEpochs, MultiTaskArchitecture architecture)
        {
            var options = new MultiTaskTrainer.Options { FeatureColumnName = featureColumnName, MaxEpochs = maxEpochs, Architecture = architecture };
            foreach (var task in Tasks())
            {
                options.Tasks.Add(task);
            }
            return options;
        }

        [TestMethod]
        public void SharedEncoderWithTasksColumnEpochsAndLayersTrainsTheModelOfTheSameOptions()
        {
            var shortForm = Fit(ml => ml.MultiTask().Trainers.SharedEncoder(Tasks(), featureColumnName: "Inputs", maxEpochs: 3, sharedLayers: new[] { 8 }), "Inputs");
            var longForm = Fit(ml => ml.MultiTask().Trainers.SharedEncoder(Options("Inputs", 3, new HardSharing { SharedLayers = new[] { 8 } })), "Inputs");
            var otherLayers = Fit(ml => ml.MultiTask().Trainers.SharedEncoder(Tasks(), featureColumnName: "Inputs", maxEpochs: 3, sharedLayers: new[] { 9 }), "Inputs");

            Assert.AreEqual(3, shortForm.Epochs);
            CollectionAssert.AreEqual(longForm.Scores, shortForm.Scores);
            CollectionAssert.AreNotEqual(shortForm.Scores, otherLayers.Scores, "sharedLayers must shape the encoder");
        }

        [TestMethod]
        public void SharedEncoderWithOnlyTasksUsesTheDocumentedDefaults()
        {
            var shortForm = Fit(ml => ml.MultiTask().Trainers.SharedEncoder(Tasks()));
            var longForm = Fit(ml => ml.MultiTask().Trainers.SharedEncoder(Options("Features", null, new HardSharing { SharedLayers = new[] { 128, 64 } })));

            // 150 rows: 15 held out for early stopping; 135 train with batch 16 (rows / 16, at least 16), 9 steps an epoch, up
            // to 223 epochs for 2,000 steps — and early stopping ends it before.
            Assert.IsLessThan(223, shortForm.Epochs);
            CollectionAssert.AreEqual(longForm.Scores, shortForm.Scores);
        }

        [TestMethod]
        public void MultiTaskWithTasksAndArchitectureTrainsTheModelOfTheSameOptions()
        {
            var shortForm = Fit(ml => ml.MultiTask().Trainers.MultiTask(Tasks(), new HardSharing { SharedLayers = new[] { 8, 4 } }, "Inputs", maxEpochs: 2), "Inputs");
            var longForm = Fit(ml => ml.MultiTask().Trainers.MultiTask(Options("Inputs", 2, new HardSharing { SharedLayers = new[] { 8, 4 } })), "Inputs");
            var defaultArchitecture = Fit(ml => ml.MultiTask().Trainers.MultiTask(Tasks(), architecture: null, "Inputs", maxEpochs: 2), "Inputs");
            var defaultOptions = Fit(ml => ml.MultiTask().Trainers.MultiTask(Options("Inputs", 2, new HardSharing())), "Inputs");

            Assert.AreEqual(2, shortForm.Epochs);
            CollectionAssert.AreEqual(longForm.Scores, shortForm.Scores);
            CollectionAssert.AreEqual(defaultOptions.Scores, defaultArchitecture.Scores, "a null architecture is HardSharing with its defaults");
            CollectionAssert.AreNotEqual(shortForm.Scores, defaultArchitecture.Scores, "the architecture must shape the network");
        }
    }
}
