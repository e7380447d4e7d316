using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>Documented options do what the guide says they do, not only run.</summary>
    [TestClass]
    public sealed class OptionEffectTests
    {
        private static IDataView Data(MLContext ml, int rows = 200, int seed = 1) => ml.Data.LoadFromEnumerable(Synthetic.Rows(rows, seed));

        private static NetworkRecorder Train(MultiTaskTrainer.Options options, out float[] scores)
        {
            var ml = new MLContext(seed: 1);
            var recorder = new NetworkRecorder(options.Tasks.Count);
            options.Observers.Add(recorder);
            var data = Data(ml);
            using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(data);
            scores = model.Transform(data).GetColumn<float>(options.Tasks[0].ScoreColumnName).ToArray();
            return recorder;
        }

        [TestMethod]
        public void AnEmptyTaskHeadLayersGivesThatTaskALinearHeadAndTheOthersTheDefault()
        {
            var linear = TaskDefinition.Binary("Positive");
            linear.HeadLayers = Array.Empty<int>();
            var recorder = Train(Synthetic.Options(2, linear, TaskDefinition.Regression("Amount")), out _);

            // Synthetic.Options: a shared layer of 16 and head layers [8].
            CollectionAssert.AreEqual(new[] { "16×4", "16" }, recorder.SharedParameterShapes);
            CollectionAssert.AreEqual(new[] { "1×16", "1" }, recorder.TaskParameterShapes[0], "one Gemm from the encoder to the logit");
            CollectionAssert.AreEqual(new[] { "8×16", "8", "1×8", "1" }, recorder.TaskParameterShapes[1], "Options.HeadLayers [8] for the task without its own");
        }

        [TestMethod]
        public void ChangingTheHeadLayersArrayAfterSettingItDoesNotChangeTheModel()
        {
            var sizes = new[] { 4 };
            var task = TaskDefinition.Binary("Positive");
            task.HeadLayers = sizes;
            sizes[0] = 12;
            var mutated = Train(Synthetic.Options(2, task), out var mutatedScores);

            var untouched = TaskDefinition.Binary("Positive");
            untouched.HeadLayers = new[] { 4 };
            Train(Synthetic.Options(2, untouched), out var expectedScores);

            CollectionAssert.AreEqual(new[] { 4 }, task.HeadLayers);
            CollectionAssert.AreEqual(new[] { "4×16", "4", "1×4", "1" }, mutated.TaskParameterShapes[0]);
            CollectionAssert.AreEqual(expectedScores, mutatedScores);
        }

        [TestMethod]
        public void LargerWeightDecayGivesSmallerWeights()
        {
            double Norm(double weightDecay)
            {
                var options = Synthetic.Options(5, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
                options.WeightDecay = weightDecay;
                return Train(options, out _).SquaredWeightNorm;
            }
            double none = Norm(0), some = Norm(1), much = Norm(10);
            Assert.IsLessThan(none, some, $"decay 1: {some} against {none} without");
            Assert.IsLessThan(some, much, $"decay 10: {much} against {some} with decay 1");
            Assert.IsLessThan(0.5 * none, much, "AdamW's decoupled decay shrinks every weight by lr·decay per step: 35 steps of 10% leave little");
        }

        [TestMethod]
        public void EarlyStoppingMinDeltaIsTheSmallestDecreaseThatCountsAsAnImprovement()
        {
            // Training does not depend on the min delta, so one run without early stopping gives the validation
            // losses every run sees; the rule is replayed on them and must predict when each run stops and which epoch it keeps.
            var free = Run(minDelta: 0, patience: 0);
            var losses = free.Epochs.Select(e => e.ValidationLoss!.Value).ToArray();
            var improvements = losses.Skip(1).Zip(losses, (now, before) => before - now).Where(d => d > 0).OrderBy(d => d).ToArray();
            // A delta between two improvements (no ties with the rule's strict comparison) that makes the run stop early, unlike no delta.
            var noDelta = Replay(losses, 0, patience: 2);
            double delta = improvements.Zip(improvements.Skip(1), (low, high) => (low + high) / 2)
                .First(d => Replay(losses, d, patience: 2) is var outcome && outcome.StoppedEarly && outcome != noDelta);
            var expected = Replay(losses, delta, patience: 2);

            var history = Run(delta, patience: 2);

            Assert.AreEqual(expected, (history.BestEpoch, history.Epochs.Count, history.StoppedEarly), $"delta {delta}; losses {string.Join(", ", losses)}");
            CollectionAssert.AreEqual(losses.Take(history.Epochs.Count).ToArray(), history.Epochs.Select(e => e.ValidationLoss!.Value).ToArray());

            var huge = Run(1e6, patience: 2);
            Assert.AreEqual((1, 3, true), (huge.BestEpoch, huge.Epochs.Count, huge.StoppedEarly), "no decrease is large enough: epoch 1 stays the best");
        }

        [TestMethod]
        public void EarlyStoppingMinDeltaMustBeAFiniteNonNegativeNumber()
        {
            foreach (double value in new[] { double.NaN, -0.01, double.PositiveInfinity })
            {
                var options = Synthetic.Options(2, TaskDefinition.Binary("Positive"));
                options.EarlyStoppingMinDelta = value;
                var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MLContext(seed: 1).MultiTask().Trainers.SharedEncoder(options), value.ToString());
                Assert.AreEqual(nameof(MultiTaskTrainer.Options.EarlyStoppingMinDelta), error.ParamName);
                StringAssert.Contains(error.Message, "Options.EarlyStoppingMinDelta must be a finite number >= 0 (default 0).");
            }
        }

        [TestMethod]
        public void MaxTrainingTimeEndsTrainingWithTheFirstEpochThatEndsPastIt()
        {
            var ml = new MLContext(seed: 1);
            TrainingHistory Run(TimeSpan? budget)
            {
                var options = Synthetic.Options(12, TaskDefinition.Regression("Amount"));
                options.ValidationSet = Data(ml, 100, seed: 2);
                options.EarlyStoppingPatience = 0;
                options.MaxTrainingTime = budget;
                using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(Data(ml));
                return model.History;
            }

            var tiny = Run(TimeSpan.FromTicks(1));
            Assert.AreEqual((1, true), (tiny.Epochs.Count, tiny.StoppedEarly), "every epoch ends past a budget of one tick");
            var ample = Run(TimeSpan.FromHours(1));
            Assert.AreEqual((12, false), (ample.Epochs.Count, ample.StoppedEarly));
            // Whatever this machine's speed, the run ends with the first epoch whose cumulative time reaches the budget.
            var budget = TimeSpan.FromTicks(ample.Epochs[5].Elapsed.Ticks);
            var timed = Run(budget);
            Assert.IsTrue(timed.Epochs.Take(timed.Epochs.Count - 1).All(e => e.Elapsed < budget), "no earlier epoch reached the budget");
            Assert.IsTrue(timed.Epochs.Count == 12 || timed.Epochs[^1].Elapsed >= budget, $"stopped after {timed.Epochs.Count} epochs at {timed.Epochs[^1].Elapsed} with a budget of {budget}");
        }

        private static TrainingHistory Run(double minDelta, int patience)
        {
            var ml = new MLContext(seed: 1);
            var options = Synthetic.Options(12, TaskDefinition.Regression("Amount"));
            options.LearningRate = 0.003;
            options.ValidationSet = Data(ml, 100, seed: 2);
            options.EarlyStoppingMinDelta = minDelta;
            options.EarlyStoppingPatience = patience;
            using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(Data(ml));
            return model.History;
        }

        /// <summary>The documented rule: an epoch improves when its loss is below the best so far minus the delta.</summary>
        private static (int BestEpoch, int Epochs, bool StoppedEarly) Replay(IReadOnlyList<double> losses, double minDelta, int patience)
        {
            double best = double.PositiveInfinity;
            int bestEpoch = 0, without = 0;
            for (int epoch = 1; epoch <= losses.Count; epoch++)
            {
                if (losses[epoch - 1] < best - minDelta)
                {
                    (best, bestEpoch, without) = (losses[epoch - 1], epoch, 0);
                }
                else if (++without >= patience)
                {
                    return (bestEpoch, epoch, epoch < losses.Count);
                }
            }
            return (bestEpoch, losses.Count, false);
        }
    }
}
