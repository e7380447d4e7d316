using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.MultiTask.Tuning;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class TuningTests
    {
        private static readonly MLContext Ml = new MLContext(seed: 1);
        private static readonly IDataView Train = Ml.Data.LoadFromEnumerable(Synthetic.Rows(300, seed: 1));
        private static readonly IDataView Validation = Ml.Data.LoadFromEnumerable(Synthetic.Rows(150, seed: 2));

        private static MultiTaskTrainer.Options Options(int epochs = 4) => Synthetic.Options(epochs, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));

        private static SearchSpace LearningRates(params double[] rates) => new SearchSpace { SearchDimension.Choice("LearningRate", rates, (o, v) => o.LearningRate = v) };

        [TestMethod]
        public void TheSameSeedGivesTheSameTrials()
        {
            var space = new SearchSpace
            {
                SearchDimension.Range("LearningRate", 1e-3, 3e-2, logScale: true, (o, v) => o.LearningRate = v),
                SearchDimension.Range("Dropout", 0, 0.3, logScale: false, (o, v) => o.Dropout = v),
            };
            TuningResult Run(int seed) => Ml.MultiTask().Tune(Train, Validation, Options(), space,
                new TuningSettings { MaxTrials = 4, Seed = seed, SearchMethod = new TreeParzenSearch { StartupTrials = 2 } });
            using var first = Run(5);
            using var again = Run(5);
            using var other = Run(6);
            string Trials(TuningResult r) => string.Join("\n", r.Trials.Select(t => $"{string.Join(", ", t.Parameters.Select(p => p.Value))} → {t.Objective:R}"));
            Assert.AreEqual(Trials(first), Trials(again), "same seed, same points, same models, same objectives");
            Assert.AreNotEqual(Trials(first), Trials(other));
            Assert.HasCount(4, first.Trials);
            Assert.IsTrue(first.Trials.All(t => t.Status == TrialStatus.Completed && t.Metrics!["Positive"].Binary != null));
            Assert.AreEqual(first.Trials.Max(t => t.Objective), first.BestTrial!.Objective);
            Assert.AreEqual((double)first.BestTrial.Parameters[0].Value, first.BestOptions!.LearningRate, "the best options carry the best trial's values");
        }

        [TestMethod]
        public void RandomSearchFindsTheOneLearningRateThatLearns()
        {
            using var result = Ml.MultiTask().Tune(Train, Validation, Options(), LearningRates(1e-7, 1e-6, 0.01),
                new TuningSettings { MaxTrials = 8, SearchMethod = new RandomSearch(), PruneUnpromisingTrials = false });
            Assert.AreEqual(0.01, (double)result.BestTrial!.Parameters.Single().Value);
            var auc = result.BestModel!.Transform(Validation);
            Assert.IsGreaterThan(0.9, Ml.MultiTask().Evaluate(auc, result.BestModel)["Positive"].Binary!.AreaUnderRocCurve, "the best model is the fitted best trial");
            // The objective is the mean of AUC and R²: a model that learned nothing scores about 0.5 + (R² ≤ 0).
            Assert.IsGreaterThan(0.8, result.BestTrial.Objective!.Value);
        }

        [TestMethod]
        public void TheModelBasedSearchBeatsRandomSearchOnASmoothObjective()
        {
            // f peaks at (0.73, 0.21, 0.55) with the third value of the choice; equal budgets, averaged over seeds.
            var space = new SearchSpace
            {
                SearchDimension.Range("a", 0, 1, false, (o, v) => { }),
                SearchDimension.Range("b", 0, 1, false, (o, v) => { }),
                SearchDimension.Range("c", 0, 1, false, (o, v) => { }),
                SearchDimension.Choice("d", new[] { 0, 1, 2, 3 }, (o, v) => { }),
            };
            double F(double[] x) => -Math.Pow(x[0] - 0.73, 2) - Math.Pow(x[1] - 0.21, 2) - Math.Pow(x[2] - 0.55, 2) - (space[3].ChoiceAt(x[3]) == 2 ? 0 : 0.3);
            double Regret(SearchMethod method, int seed)
            {
                var strategy = method.Create(space, seed);
                var history = new List<SearchObservation>();
                for (int trial = 0; trial < 40; trial++)
                {
                    var point = strategy.Next(history)!;
                    history.Add(new SearchObservation(point, F(point)));
                }
                return -history.Max(h => h.Objective!.Value);
            }
            var seeds = Enumerable.Range(1, 12).ToArray();
            double random = seeds.Average(s => Regret(new RandomSearch(), s));
            double parzen = seeds.Average(s => Regret(new TreeParzenSearch(), s));
            string detail = string.Join(" ", seeds.Select(s => $"{Regret(new RandomSearch(), s):G2}/{Regret(new TreeParzenSearch(), s):G2}"));
            Assert.IsLessThan(0.5 * random, parzen, $"mean regret: TPE {parzen:G3}, random {random:G3}; {detail}");
        }

        [TestMethod]
        public void GridSearchTriesEveryCombinationOnceAndStops()
        {
            var space = new SearchSpace
            {
                SearchDimension.Choice("HeadWidth", new[] { 4, 8 }, (o, v) => o.HeadLayers = new[] { v }),
                SearchDimension.Range("LearningRate", 0.001, 0.1, logScale: true, (o, v) => o.LearningRate = v),
            };
            using var result = Ml.MultiTask().Tune(Train, Validation, Options(epochs: 2), space, new TuningSettings { MaxTrials = 20, SearchMethod = new GridSearch { Shuffle = false } });
            Assert.HasCount(6, result.Trials, "2 widths × 3 learning rates, then the grid is done");
            CollectionAssert.AreEqual(new[] { "4 0.001", "4 0.01", "4 0.1", "8 0.001", "8 0.01", "8 0.1" },
                result.Trials.Select(t => $"{t.Parameters[0].Value} {(double)t.Parameters[1].Value:G3}").ToArray());
        }

        [TestMethod]
        public void ATrialWorseThanTheMedianIsPrunedAfterTheGracePeriod()
        {
            using var result = Ml.MultiTask().Tune(Train, Validation, Options(epochs: 10), LearningRates(0.01, 0.005, 0.02, 1e-7),
                new TuningSettings { MaxTrials = 4, SearchMethod = new GridSearch { Shuffle = false }, GracePeriodEpochs = 3 });
            CollectionAssert.AreEqual(new[] { TrialStatus.Completed, TrialStatus.Completed, TrialStatus.Completed, TrialStatus.Pruned }, result.Trials.Select(t => t.Status).ToArray());
            Assert.AreEqual(3, result.Trials[3].Epochs, "pruned as soon as the grace period is over");
            Assert.IsNull(result.Trials[3].Objective);
        }

        [TestMethod]
        public void CancellingStopsWithinAnEpochAndReturnsTheTrialsSoFar()
        {
            using var cancel = new CancellationTokenSource();
            int completed = 0;
            var options = Options(epochs: 6);
            options.Progress = new CallbackProgress<TrainingEpochSummary>(summary =>
            {
                if (completed == 1 && summary.Epoch == 2)
                {
                    cancel.Cancel();
                }
            });
            using var result = Ml.MultiTask().Tune(Train, Validation, options, LearningRates(0.01, 0.02, 0.005),
                new TuningSettings { SearchMethod = new GridSearch { Shuffle = false }, CancellationToken = cancel.Token, Progress = new CallbackProgress<TrialResult>(_ => completed++) });
            Assert.IsTrue(result.Cancelled);
            CollectionAssert.AreEqual(new[] { TrialStatus.Completed, TrialStatus.Cancelled }, result.Trials.Select(t => t.Status).ToArray());
            Assert.AreEqual(2, result.Trials[1].Epochs, "the running trial stopped at the end of the epoch that saw the cancellation");
            Assert.IsNotNull(result.BestModel);
        }

        [TestMethod]
        public void MLContextCancelExecutionStopsTheRunLikeTheToken()
        {
            var ml = new MLContext(seed: 1);
            var options = Options(epochs: 6);
            // MLContext.CancelExecution is internal in Microsoft.ML 5.0.1 (see CancellationTests).
            var cancel = typeof(MLContext).GetMethod("CancelExecution", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)!;
            options.Progress = new CallbackProgress<TrainingEpochSummary>(summary =>
            {
                if (summary.Epoch == 2)
                {
                    cancel.Invoke(ml, null);
                }
            });
            using var result = ml.MultiTask().Tune(Train, Validation, options, LearningRates(0.01, 0.02), new TuningSettings { SearchMethod = new GridSearch { Shuffle = false } });
            Assert.IsTrue(result.Cancelled);
            Assert.AreEqual((TrialStatus.Cancelled, 2), (result.Trials.Single().Status, result.Trials[0].Epochs));
            Assert.IsNull(result.BestModel);
        }

        [TestMethod]
        public void ADivergedTrialIsRecordedAndTheSearchGoesOn()
        {
            using var result = Ml.MultiTask().Tune(Train, Validation, Options(), LearningRates(1e9, 0.01), new TuningSettings { SearchMethod = new GridSearch { Shuffle = false } });
            Assert.AreEqual(TrialStatus.Failed, result.Trials[0].Status);
            StringAssert.Contains(result.Trials[0].Error, "became Infinity in epoch 1");
            Assert.AreEqual(TrialStatus.Completed, result.Trials[1].Status);
            Assert.AreSame(result.Trials[1], result.BestTrial);
            StringAssert.Contains(result.ToString(), "| 2 (best) | Completed |");
        }

        [TestMethod]
        public void TheTimeBudgetEndsTheRunAfterTheFirstTrial()
        {
            using var result = Ml.MultiTask().Tune(Train, Validation, Options(epochs: 3), LearningRates(0.01, 0.02),
                new TuningSettings { SearchMethod = new GridSearch { Shuffle = false }, TimeBudget = TimeSpan.FromTicks(1) });
            Assert.HasCount(1, result.Trials, "the first trial always runs; no other starts past the budget");
            Assert.AreEqual(1, result.Trials[0].Epochs, "the running trial stops at the end of the epoch that passes the budget");
        }

        [TestMethod]
        public void BadSettingsAreNamed()
        {
            void Fails<T>(Action tune, string message)
                where T : Exception => StringAssert.Contains(Assert.ThrowsExactly<T>(tune).Message, message);
            var space = LearningRates(0.01);
            Fails<ArgumentException>(() => Ml.MultiTask().Tune(Train, Validation, Options(), new SearchSpace()), "The search space is empty");
            Fails<ArgumentOutOfRangeException>(() => SearchDimension.Range("Dropout", 0.5, 0.1, false, (o, v) => o.Dropout = v), "Search dimension 'Dropout': the range must be finite with min <= max; got 0.5 to 0.1.");
            Fails<ArgumentOutOfRangeException>(() => SearchDimension.Range("LearningRate", 0, 0.1, true, (o, v) => o.LearningRate = v), "a log-scale range must be positive");
            Fails<ArgumentException>(() => SearchDimension.Choice("Width", Array.Empty<int>(), (o, v) => { }), "give at least one value");
            Fails<ArgumentOutOfRangeException>(() => Ml.MultiTask().Tune(Train, Validation, Options(), space, new TuningSettings { MaxTrials = 0 }), "TuningSettings.MaxTrials must be at least 1; got 0.");
            Fails<ArgumentOutOfRangeException>(() => Ml.MultiTask().Tune(Train, Validation, Options(), space, new TuningSettings { TimeBudget = TimeSpan.Zero }), "TuningSettings.TimeBudget must be positive or null");
            Fails<ArgumentException>(() => Ml.MultiTask().Tune(Train, Validation, Options(), space, new TuningSettings { MainTask = "Churn" }), "TuningSettings.MainTask names task 'Churn', which the options do not have; the tasks are Positive, Amount.");
            Fails<ArgumentOutOfRangeException>(() => Ml.MultiTask().Tune(Train, Validation, Options(), space, new TuningSettings { SearchMethod = new GridSearch { PointsPerRange = 1 } }), "TuningSettings.SearchMethod.PointsPerRange must be at least 2");
            Fails<ArgumentException>(() => new SearchSpace { SearchDimension.Choice("LearningRate", new[] { 0.1 }, (o, v) => { }), SearchDimension.Choice("LearningRate", new[] { 0.2 }, (o, v) => { }) }, "already has a dimension named 'LearningRate'");
        }
    }
}
