using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.MultiTask.Benchmarks;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>Each training method does what its paper (or its documentation) says, on cases small enough for CI.</summary>
    [TestClass]
    public sealed class TrainingMethodTests
    {
        private static float[] Values(Tensor t)
        {
            using var values = t.cpu().data<float>();
            return values.ToArray();
        }

        [TestMethod]
        public void PCGradRemovesTheConflictingComponentAndKeepsAgreeingGradients()
        {
            using var scope = NewDisposeScope();
            // g1·g2 = −1 < 0: g1 loses its component along g2 and g2 its component along g1 (Yu et al. 2020, Algorithm 1).
            var conflicting = tensor(new float[] { 1, 0, -1, 1 }, new long[] { 2, 2 });
            CollectionAssert.AreEqual(new float[] { 0.5f, 1.5f }, Values(PCGrad.Project(conflicting, new Random(1))));
            var combined = PCGrad.Project(conflicting, new Random(1));
            Assert.IsGreaterThanOrEqualTo(0f, combined.dot(conflicting[0]).item<float>(), "the update must not increase task 1's loss to first order");
            Assert.IsGreaterThanOrEqualTo(0f, combined.dot(conflicting[1]).item<float>(), "nor task 2's");

            // No conflict: the plain sum.
            var agreeing = tensor(new float[] { 1, 0, 1, 1, 0, 2 }, new long[] { 3, 2 });
            CollectionAssert.AreEqual(new float[] { 2, 3 }, Values(PCGrad.Project(agreeing, new Random(1))));

            // With three tasks every projected gradient has a non-negative dot product with every original one it was projected on.
            var three = tensor(new float[] { 1, 0, 0, -1, 1, 0, 0, -1, 1 }, new long[] { 3, 3 });
            var sum = PCGrad.Project(three, new Random(7));
            Assert.AreEqual(3, Values(sum).Length);
        }

        [TestMethod]
        public void UncertaintyWeightingLearnsALargerVarianceForTheNoisierTask()
        {
            var ml = new MLContext(seed: 1);
            var random = new Random(3);
            var rows = Synthetic.Rows(600, seed: 12);
            foreach (var row in rows)
            {
                // Two regressions on the same signal; the second with noise twice the signal's spread.
                row.Amount = row.Features[2];
                row.GroupNumber = 0;
            }
            var data = ml.Data.LoadFromEnumerable(rows.Select(r => new NoisyRow
            {
                Features = r.Features,
                Clean = r.Features[2] + (0.05f * random.NextNormalSingle()),
                Noisy = r.Features[2] + (2f * random.NextNormalSingle()),
            }));
            var options = Synthetic.Options(30, TaskDefinition.Regression("Clean"), TaskDefinition.Regression("Noisy"));
            options.LossBalancing = new UncertaintyWeighting();
            using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(data);
            var last = model.History.Epochs[^1];
            // The weight ½·exp(−s) is reported; exp(s) = σ² = ½ / weight and should approach each task's loss.
            double cleanVariance = 0.5 / last.TaskWeights["Clean"];
            double noisyVariance = 0.5 / last.TaskWeights["Noisy"];
            Assert.IsGreaterThan(10 * cleanVariance, noisyVariance, $"σ² clean {cleanVariance:G3}, noisy {noisyVariance:G3}");
            Assert.AreEqual(last.TrainingLosses["Noisy"], noisyVariance, 0.5 * last.TrainingLosses["Noisy"], "σ² tracks the noisy task's loss");
            Assert.IsGreaterThan(last.TaskWeights["Noisy"], last.TaskWeights["Clean"]);
        }

        public sealed class NoisyRow
        {
            [VectorType(4)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public float Clean { get; set; }

            public float Noisy { get; set; }
        }

        [TestMethod]
        public void GradNormPullsTheTasksGradientNormsTogether()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(400, seed: 8));
            // A loss weight of 100 makes the first task's gradient at the shared layer about 100 times the second's.
            var options = Synthetic.Options(8, TaskDefinition.Regression("Amount", lossWeight: 100), TaskDefinition.Binary("Positive"));
            options.LossBalancing = new GradNorm();
            var norms = new WeightedNormRecorder();
            options.Observers.Add(norms);
            using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(data);
            double first = norms.Ratios[0], last = norms.Ratios.Skip(norms.Ratios.Count - 10).Average();
            Assert.IsGreaterThan(20.0, first, "the case starts unbalanced");
            Assert.IsLessThan(first / 10, last, $"weighted gradient-norm ratio {first:G3} at the start, {last:G3} at the end");
            var weights = model.History.Epochs[^1].TaskWeights;
            Assert.IsLessThan(10.0, weights["Amount"], "GradNorm lowered the effective weight of the dominant task from 100");
        }

        /// <summary>The ratio of the two tasks' weighted gradient norms at the last shared layer, per step.</summary>
        private sealed class WeightedNormRecorder : TrainingObserver
        {
            public List<double> Ratios { get; } = new List<double>();

            public override bool NeedsGraph => true;

            public override void OnStep(TrainingStep step)
            {
                using var scope = NewDisposeScope();
                var gradients = step.MeanLossGradients(step.Network.LastSharedParameters);
                using var norms = gradients.norm(1).cpu().data<float>();
                Ratios.Add(step.Weights[0] * norms[0] / (step.Weights[1] * norms[1]));
            }
        }

        [TestMethod]
        public void DynamicWeightAverageWeighsEachEpochByTheRatioOfThePreviousTwoLosses()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(200, seed: 6));
            var options = Synthetic.Options(5, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount", lossWeight: 0.5f));
            options.LossBalancing = new DynamicWeightAverage { Temperature = 2 };
            using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(data);
            var epochs = model.History.Epochs;
            Assert.AreEqual(1.0, epochs[0].TaskWeights["Positive"]);
            Assert.AreEqual(0.5, epochs[1].TaskWeights["Amount"]);
            for (int e = 2; e < epochs.Count; e++)
            {
                var r = new[] { "Positive", "Amount" }.Select(t => epochs[e - 1].TrainingLosses[t] / epochs[e - 2].TrainingLosses[t]).ToArray();
                var exps = r.Select(x => Math.Exp(x / 2)).ToArray();
                Assert.AreEqual(2 * exps[0] / exps.Sum(), epochs[e].TaskWeights["Positive"], 1e-12, $"epoch {e + 1}");
                Assert.AreEqual(0.5 * 2 * exps[1] / exps.Sum(), epochs[e].TaskWeights["Amount"], 1e-12, $"epoch {e + 1}");
            }
            Assert.AreNotEqual(epochs[2].TaskWeights["Positive"], epochs[3].TaskWeights["Positive"], "the weights adapt");
        }

        [TestMethod]
        public void AlternatingTrainingLeavesTheOtherTasksParametersBitwiseUnchangedInEachStep()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(128, seed: 2));
            var options = Synthetic.Options(2, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"), TaskDefinition.Multiclass("Group"));
            options.Strategy = new AlternatingTraining();
            options.WeightDecay = 0.1; // a frozen parameter must not even decay
            var recorder = new ParameterRecorder();
            options.Observers.Add(recorder);
            using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(data);

            Assert.HasCount(8, recorder.Steps, "4 batches × 2 epochs");
            for (int step = 0; step + 1 < recorder.Steps.Count; step++)
            {
                var (trained, before) = recorder.Steps[step];
                var after = recorder.Steps[step + 1].Parameters;
                Assert.AreEqual(step % 3, trained, "round robin");
                for (int task = 0; task < 3; task++)
                {
                    bool changed = !before.Tasks[task].Zip(after.Tasks[task]).All(p => p.First.SequenceEqual(p.Second));
                    Assert.AreEqual(task == trained, changed, $"step {step}: task {task}'s parameters {(changed ? "moved" : "did not move")}");
                }
                Assert.IsFalse(before.Shared.Zip(after.Shared).All(p => p.First.SequenceEqual(p.Second)), "the shared parameters move with the trained task");
            }
        }

        /// <summary>Copies the shared and per-task parameters at every step (before the optimizer moves them) and which task the step trains.</summary>
        private sealed class ParameterRecorder : TrainingObserver
        {
            public List<(int Trained, (float[][] Shared, float[][][] Tasks) Parameters)> Steps { get; } = new List<(int, (float[][], float[][][]))>();

            public override void OnStep(TrainingStep step)
            {
                var network = step.Network;
                Steps.Add((step.TrainedTasks.Single(),
                    (network.SharedParameters.Select(Values).ToArray(), Enumerable.Range(0, step.TaskCount).Select(t => network.TaskParameters(t).Select(Values).ToArray()).ToArray())));
            }
        }

        [TestMethod]
        public void CosineScheduleWarmsUpThenAnnealsAndStepDecayDecays()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(64, seed: 2));
            var options = Synthetic.Options(6, TaskDefinition.Binary("Positive"));
            options.LearningRate = 0.01;
            options.LearningRateSchedule = new CosineSchedule { WarmupEpochs = 2, MinFactor = 0.1 };
            using (var model = ml.MultiTask().Trainers.MultiTask(options).Fit(data))
            {
                // 2 steps an epoch, 12 in all; warm-up over steps 0–3, cosine over steps 4–11. Each epoch reports its last step's rate.
                var expected = new[] { 2.0 / 4, 4.0 / 4 }.Concat(new[] { 5, 7, 9, 11 }.Select(s => 0.1 + (0.9 * 0.5 * (1 + Math.Cos(Math.PI * (s - 4) / 7.0))))).Select(f => 0.01 * f).ToArray();
                var actual = model.History.Epochs.Select(e => e.LearningRate).ToArray();
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.AreEqual(expected[i], actual[i], 1e-12, $"epoch {i + 1}");
                }
            }
            options.LearningRateSchedule = new StepDecaySchedule { StepEpochs = 2, Factor = 0.5 };
            using (var model = ml.MultiTask().Trainers.MultiTask(options).Fit(data))
            {
                CollectionAssert.AreEqual(new[] { 0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025 }, model.History.Epochs.Select(e => e.LearningRate).ToArray());
            }
            options.LearningRateSchedule = new CosineSchedule { WarmupEpochs = 6 };
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MultiTask().Trainers.MultiTask(options));
            StringAssert.Contains(error.Message, "Options.LearningRateSchedule.WarmupEpochs must be >= 0 and less than MaxEpochs (6); got 6.");
        }

        [TestMethod]
        public void MaxGradientNormBoundsTheGradientOfEveryStep()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(128, seed: 2));
            var norms = new GradientNormRecorder();
            var options = Synthetic.Options(2, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
            options.MaxGradientNorm = 0.05;
            options.Observers.Add(norms);
            ml.MultiTask().Trainers.MultiTask(options).Fit(data).Dispose();
            Assert.HasCount(8, norms.Norms);
            Assert.IsTrue(norms.Norms.All(n => n <= 0.05 * (1 + 1e-5)), string.Join(", ", norms.Norms));
            Assert.IsTrue(norms.Norms.All(n => n > 0.04), "the unclipped gradients here are larger, so each is scaled to the bound");

            var unclipped = new GradientNormRecorder();
            options.MaxGradientNorm = null;
            options.Observers.Clear();
            options.Observers.Add(unclipped);
            ml.MultiTask().Trainers.MultiTask(options).Fit(data).Dispose();
            Assert.IsTrue(unclipped.Norms.Any(n => n > 0.1), "without clipping the gradients exceed the bound");
        }

        private sealed class GradientNormRecorder : TrainingObserver
        {
            public List<double> Norms { get; } = new List<double>();

            public override void OnStep(TrainingStep step)
            {
                using var scope = NewDisposeScope();
                var grads = step.Network.Module.parameters().Select(p => p.grad).Where(g => g is not null).Select(g => g!.norm()).ToArray();
                Norms.Add(stack(grads).norm().item<float>());
            }
        }

        [TestMethod]
        public void L1RegularizationShrinksTheWeightsOfIrrelevantInputs()
        {
            // Positive depends on features 0 and 1 only; the first layer's weights on features 2 and 3 carry no signal.
            double IrrelevantWeight(double l1)
            {
                var options = Synthetic.Options(20, TaskDefinition.Binary("Positive"));
                options.L1Regularization = l1;
                options.WeightDecay = 0;
                var recorder = new FirstLayerRecorder();
                options.Observers.Add(recorder);
                new MLContext(seed: 1).MultiTask().Trainers.MultiTask(options).Fit(new MLContext().Data.LoadFromEnumerable(Synthetic.Rows(400, seed: 9))).Dispose();
                return recorder.Irrelevant / recorder.Relevant;
            }
            double plain = IrrelevantWeight(0), sparse = IrrelevantWeight(0.01);
            Assert.IsLessThan(plain / 3, sparse, $"|w| on irrelevant inputs relative to relevant ones: {plain:G3} without ℓ1, {sparse:G3} with");
            var bad = Synthetic.Options(1, TaskDefinition.Binary("Positive"));
            bad.L1Regularization = -1;
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MLContext().MultiTask().Trainers.MultiTask(bad)).Message, "Options.L1Regularization must be a finite number >= 0");
        }

        private sealed class FirstLayerRecorder : TrainingObserver
        {
            public double Relevant { get; private set; }

            public double Irrelevant { get; private set; }

            public override void OnTrainingEnd(IMultiTaskNetwork network, Data.MultiTaskDataSet training)
            {
                var weights = TensorValues.Of(network.SharedParameters[0]);
                // [16, 4] row-major: column c is input feature c.
                Relevant = weights.Where((_, i) => i % 4 < 2).Average(Math.Abs);
                Irrelevant = weights.Where((_, i) => i % 4 >= 2).Average(Math.Abs);
            }
        }

        [TestMethod]
        public void SmallDataGetsEnoughStepsByDefault()
        {
            // 172 rows, as the issue's report: the old fixed defaults (batch 256, 20 epochs) took 20 steps and left the model untrained.
            var ml = new MLContext(seed: 1);
            // An interaction the network has to learn: impossible in 20 steps, easy in 2,000.
            var rows = Synthetic.Rows(172 + 200, seed: 15).Select(r => { r.Amount = 50 * r.Features[0] * r.Features[1]; return r; }).ToList();
            var train = ml.Data.LoadFromEnumerable(rows.Take(172).ToList());
            var test = ml.Data.LoadFromEnumerable(rows.Skip(172).ToList());
            double RSquared(int? batchSize, int? maxEpochs)
            {
                var options = new MultiTaskTrainer.Options { BatchSize = batchSize, MaxEpochs = maxEpochs, Seed = 1 };
                options.Tasks.Add(TaskDefinition.Regression("Amount"));
                using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(train);
                return ml.MultiTask().Evaluate(model.Transform(test), model)["Amount"].Regression!.RSquared;
            }
            double fixedDefaults = RSquared(256, 20), adaptive = RSquared(null, null);
            Assert.IsGreaterThan(0.8, adaptive, $"R² {adaptive:0.000} with the row-count defaults");
            Assert.IsLessThan(0.5, fixedDefaults, $"R² {fixedDefaults:0.000} with batch 256 and 20 epochs");
            var resolved = new MultiTaskTrainer.Options().ResolvedFor(172);
            Assert.AreEqual(16, resolved.BatchSize);
            Assert.AreEqual(182, resolved.MaxEpochs, "11 steps an epoch, 2,000 steps");
            Assert.AreEqual((256, 20), (new MultiTaskTrainer.Options().ResolvedFor(50_000).BatchSize, new MultiTaskTrainer.Options().ResolvedFor(50_000).MaxEpochs));
        }

        [TestMethod]
        public void FrozenParameterKeepsItsBitsWhileAZeroGradientStillMovesAnUnfrozenOne()
        {
            using var scope = NewDisposeScope();
            var frozen = tensor(new float[] { 1, 2 }).requires_grad_(true);
            var free = tensor(new float[] { 1, 2 }).requires_grad_(true);
            using var optimizer = new AdamWOptimizer(new[] { frozen, free }, 2, 0.1, 0.1);
            // One real step gives both parameters momentum.
            (frozen.sum() + free.sum()).backward();
            optimizer.Step(Array.Empty<Tensor>());
            var frozenBefore = Values(frozen);
            var freeBefore = Values(free);
            optimizer.ZeroGrad();
            optimizer.LearningRate = 0.05;
            optimizer.Step(new[] { frozen });
            CollectionAssert.AreEqual(frozenBefore, Values(frozen), "frozen: no momentum, no decay");
            CollectionAssert.AreNotEqual(freeBefore, Values(free), "a zero gradient still moves a parameter by its momentum and decay");
        }

        [TestMethod]
        public void ALossThatGrowsByOrdersOfMagnitudeIsDivergence()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(300, seed: 4));
            var options = Synthetic.Options(5, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
            options.LearningRate = 10;
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => ml.MultiTask().Trainers.MultiTask(options).Fit(data));
            StringAssert.Contains(error.Message, "times its initial");
            StringAssert.Contains(error.Message, "learning rate 10");

            options.OnDivergence = DivergenceAction.RestoreAndLowerLearningRate;
            using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(data);
            Assert.IsLessThan(10.0, model.History.Epochs[^1].LearningRate, "recovered at a lower rate");
            Assert.IsTrue(model.History.Epochs.All(e => e.TrainingLosses.Values.All(l => l < 10)), "no epoch with a runaway loss is kept");
        }
    }
}
