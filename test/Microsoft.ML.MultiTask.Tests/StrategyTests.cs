using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>Progressive training stages and random loss weighting do what they say, and bad stage lists are clear errors.</summary>
    [TestClass]
    public sealed class StrategyTests
    {
        private static readonly MLContext Ml = new MLContext(seed: 1);

        private static MultiTaskTrainer.Options Options(int epochs)
            => Synthetic.Options(epochs, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"), TaskDefinition.Multiclass("Group"));

        private static IDataView Data(int rows = 128) => Ml.Data.LoadFromEnumerable(Synthetic.Rows(rows, seed: 23));

        [TestMethod]
        public void ProgressiveTrainingAddsOneTaskPerStageAndTheHistorySaysWhichTrained()
        {
            var options = Options(4);
            options.Strategy = new ProgressiveTraining { EpochsPerTask = 1 };
            using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(Data());
            var trained = model.History.Epochs.Select(e => string.Join("+", e.TrainedTasks)).ToArray();
            CollectionAssert.AreEqual(new[] { "Positive", "Positive+Amount", "Positive+Amount+Group", "Positive+Amount+Group" }, trained);
            Assert.AreEqual(0, model.History.Epochs[0].TaskWeights["Amount"], "a task outside the stage has no weight");
        }

        [TestMethod]
        public void ExplicitStagesWithHeadWarmupTrainOnlyTheNewTaskWhileTheSharedLayersStayFrozen()
        {
            var options = Options(4);
            options.Strategy = new ProgressiveTraining { Stages = { new TrainingStage(2, "Amount"), new TrainingStage(1, "Amount", "Positive", "Group") }, NewTaskWarmupEpochs = 1 };
            var shared = new SharedRecorder();
            options.Observers.Add(shared);
            using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(Data());
            CollectionAssert.AreEqual(new[] { "Amount", "Amount", "Positive+Group", "Positive+Amount+Group" }, model.History.Epochs.Select(e => string.Join("+", e.TrainedTasks)).ToArray());
            // 4 steps per epoch: the shared parameters seen at the start of each step of epoch 3 (warm-up) equal the ones after epoch 2.
            var epoch3 = shared.PerStep.Skip(8).Take(5).ToArray();
            Assert.IsTrue(epoch3.All(s => s.SequenceEqual(epoch3[0])), "the shared encoder is frozen during the new tasks' warm-up");
            Assert.IsFalse(shared.PerStep[1].SequenceEqual(shared.PerStep[0]), "it trains outside the warm-up");
        }

        private sealed class SharedRecorder : TrainingObserver
        {
            public List<float[]> PerStep { get; } = new List<float[]>();

            public override void OnStep(TrainingStep step)
            {
                using var scope = NewDisposeScope();
                using var values = cat(step.Network.SharedParameters.Select(p => p.detach().flatten()).ToArray()).data<float>();
                PerStep.Add(values.ToArray());
            }
        }

        public static IEnumerable<object[]> BadStages => new[]
        {
            new object[] { new ProgressiveTraining { Stages = { new TrainingStage(2, "Positive", "Nope") } }, "Options.Strategy.Stages[0] names task 'Nope', which is not in Options.Tasks (Positive, Amount, Group)." },
            new object[] { new ProgressiveTraining { Stages = { new TrainingStage(2, "Positive"), new TrainingStage(2) } }, "Options.Strategy.Stages[1] has no task; every stage trains at least one." },
            new object[] { new ProgressiveTraining { Stages = { new TrainingStage(2, "Positive"), new TrainingStage(2, "Amount") } }, "Options.Strategy: task 'Group' would never train in 6 epochs" },
            new object[] { new ProgressiveTraining { Stages = { new TrainingStage(0, "Positive", "Amount", "Group") } }, "Options.Strategy.Stages[0] has 0 epochs; a stage needs at least 1." },
            new object[] { new ProgressiveTraining { EpochsPerTask = 3 }, "Options.Strategy: task 'Group' would never train in 6 epochs (one task joins every 3 epochs)" },
        };

        [TestMethod]
        [DynamicData(nameof(BadStages))]
        public void BadStagesNameTheStageAndTheTask(ProgressiveTraining strategy, string message)
        {
            var options = Options(6);
            options.Strategy = strategy;
            var error = Assert.Throws<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(options));
            StringAssert.Contains(error.Message, message);
        }

        [TestMethod]
        public void RandomLossWeightingDrawsNewWeightsEveryStepThatAverageToTheTasksOwn()
        {
            var options = Synthetic.Options(3, TaskDefinition.Binary("Positive"), TaskDefinition.Multiclass("Group"));
            options.LossBalancing = new RandomLossWeighting();
            using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(Data(640));
            foreach (var epoch in model.History.Epochs)
            {
                var weights = epoch.TaskWeights;
                Assert.AreEqual(2.0, weights["Positive"] + weights["Group"], 1e-9, "every step's weights sum to the number of trained tasks");
                Assert.AreNotEqual(1.0, weights["Positive"], "weights are random");
                Assert.AreEqual(1.0, weights["Positive"], 0.35, "and average to the task's own weight");
            }
            Assert.AreNotEqual(model.History.Epochs[0].TaskWeights["Positive"], model.History.Epochs[1].TaskWeights["Positive"]);
        }
    }
}
