using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>
    /// Triggers every error docs/reliability.md lists, the way a user meets it, and gives the messages the code writes
    /// (each exception's own message and its inner ones'; for an ArgumentException without .NET's parameter suffix).
    /// </summary>
    internal static class DocumentedErrors
    {
        private static readonly MLContext Ml = new MLContext(seed: 1);

        private static readonly Regex ParameterSuffix = new Regex(@" \(Parameter '[^']*'\)(\r?\n.*)?$", RegexOptions.Singleline | RegexOptions.CultureInvariant);

        /// <summary>Per case, the messages it produced.</summary>
        public static IEnumerable<(string Case, IReadOnlyList<string> Messages)> Trigger(string folder)
            => OptionErrors().Concat(DataErrors()).Concat(TrainingErrors()).Concat(CheckpointErrors(folder)).Concat(EvaluationAndLoadingErrors(folder))
                .Select(c => (c.Case, Run(c.Case, c.Messages)));

        private static IReadOnlyList<string> Run(string name, Func<IEnumerable<string>> messages)
        {
            try
            {
                return messages().ToList();
            }
            catch (AssertFailedException)
            {
                throw new AssertFailedException($"The case '{name}' of reliability.md did not fail.");
            }
        }

        private static IDataView Data(int rows = 50, int seed = 1) => Ml.Data.LoadFromEnumerable(Synthetic.Rows(rows, seed));

        private static MultiTaskTrainer.Options Valid(int epochs = 1) => Synthetic.Options(epochs, TaskDefinition.Binary("Positive"));

        private static MultiTaskTrainer.Options With(Action<MultiTaskTrainer.Options> change, MultiTaskTrainer.Options? options = null)
        {
            options ??= Valid();
            change(options);
            return options;
        }

        private static void Fit(MultiTaskTrainer.Options options, IDataView? data = null) => Ml.MultiTask().Trainers.SharedEncoder(options).Fit(data ?? Data()).Dispose();

        /// <summary>Fitted at the end of a pipeline, so ML.NET checks the schema first.</summary>
        private static void FitInPipeline(MultiTaskTrainer.Options options)
            => Ml.Transforms.CopyColumns("Copy", "Amount").Append(Ml.MultiTask().Trainers.SharedEncoder(options)).Fit(Data()).LastTransformer.Dispose();

        private static Func<IEnumerable<string>> Fails(Action action) => () =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                return Chain(e).Select(x => x is ArgumentException ? ParameterSuffix.Replace(x.Message, string.Empty) : x.Message);
            }
            throw new AssertFailedException("the case did not fail");
        };

        private static IEnumerable<Exception> Chain(Exception? e)
        {
            for (; e != null; e = e.InnerException)
            {
                yield return e;
            }
        }

        private static IEnumerable<(string Case, Func<IEnumerable<string>> Messages)> OptionErrors()
        {
            yield return ("no tasks", Fails(() => Ml.MultiTask().Trainers.SharedEncoder(new MultiTaskTrainer.Options())));
            foreach (var (name, change) in new (string, Action<MultiTaskTrainer.Options>)[]
            {
                ("duplicate task names", o => o.Tasks.Add(TaskDefinition.Regression("Positive", "Amount"))),
                ("learning rate", o => o.LearningRate = 0),
                ("dropout", o => o.Dropout = 1),
                ("shared layers", o => o.Architecture = new HardSharing { SharedLayers = new[] { 64, 0 } }),
                ("device", o => o.Device = "gpu"),
                ("min delta", o => o.EarlyStoppingMinDelta = -1),
                ("divergence factor", o => o.DivergenceLearningRateFactor = 1),
                ("checkpoint interval", o => o.CheckpointInterval = 0),
                ("time budget", o => o.MaxTrainingTime = TimeSpan.Zero),
                ("experts", o => o.Architecture = new MixtureOfExperts { Experts = 0 }),
                ("soft sharing lambda", o => o.Architecture = new SoftSharing { Lambda = -1 }),
                ("all loss weights zero", o => { o.Tasks.Clear(); o.Tasks.Add(TaskDefinition.Binary("Positive", lossWeight: 0)); }),
                ("warm-up longer than training", o => o.LearningRateSchedule = new CosineSchedule { WarmupEpochs = 1 }),
                ("stage with an unknown task", o => o.Strategy = new ProgressiveTraining { Stages = { new TrainingStage(1, "Churn") } }),
                ("task that never trains", o => { o.Tasks.Add(TaskDefinition.Regression("Amount")); o.Strategy = new ProgressiveTraining { Stages = { new TrainingStage(1, "Positive") } }; }),
                ("early-stopping task unknown", o => (o.EarlyStoppingTask, o.ValidationSet) = ("Churn", Data())),
                ("per-task early stopping without validation", o => o.PerTaskEarlyStopping = true),
                ("metric without a task", o => o.EarlyStoppingOnMetric = true),
                ("validation fraction and set", o => (o.ValidationFraction, o.ValidationSet) = (0.2, Data())),
                ("refit without validation", o => o.RefitOnAllRows = true),
                ("class weights for regression", o => { o.Tasks.Clear(); o.Tasks.Add(TaskDefinition.Regression("Amount")); o.Tasks[0].BalanceClasses = true; }),
                ("threshold for multiclass", o => { o.Tasks.Clear(); o.Tasks.Add(TaskDefinition.Multiclass("Group")); o.Tasks[0].Threshold = DecisionThreshold.Fixed(0.3); }),
                ("chosen threshold without validation", o => o.Tasks[0].Threshold = DecisionThreshold.MaximizeF1()),
                ("ensemble size", o => o.EnsembleSize = 0),
                ("embedding size", o => o.CategoricalEmbeddings = new CategoricalEmbeddings { EmbeddingSize = 0 }),
                ("periodic sigma", o => o.FeatureEncoding = new PeriodicEncoding { Sigma = 0 }),
                ("storage block size", o => o.FeatureStorage = new TemporaryFileFeatureStorage { BlockSizeKilobytes = 0 }),
                ("storage folder missing", o => o.FeatureStorage = new TemporaryFileFeatureStorage { Directory = "/no/such/folder" }),
            })
            {
                yield return (name, Fails(() => Ml.MultiTask().Trainers.MultiTask(With(change))));
            }
            // /proc takes no new files, even from root.
            yield return ("storage folder not writable", Fails(() => Fit(With(o => o.FeatureStorage = new TemporaryFileFeatureStorage { Directory = "/proc" }))));
            yield return ("gradient method without shared parameters", Fails(() => Ml.MultiTask().Trainers.MultiTask(With(o =>
                (o.Architecture, o.GradientAggregation) = (new SoftSharing { TowerLayers = new[] { 4 } }, new PCGrad()))).Fit(Data()).Dispose()));
            yield return ("another architecture in SharedEncoder", Fails(() => Ml.MultiTask().Trainers.SharedEncoder(With(o => o.Architecture = new CrossStitch()))));
        }

        private static IEnumerable<(string Case, Func<IEnumerable<string>> Messages)> DataErrors()
        {
            foreach (var (name, options) in new (string, Func<MultiTaskTrainer.Options>)[]
            {
                ("feature column missing", () => With(o => o.FeatureColumnName = "Inputs")),
                ("feature column not a vector", () => With(o => o.FeatureColumnName = "Amount")),
                ("label column missing", () => Synthetic.Options(1, TaskDefinition.Binary("Churn", "churned"))),
                ("label column of another type", () => Synthetic.Options(1, TaskDefinition.Binary("Group"))),
            })
            {
                yield return (name, Fails(() => Fit(options())));
                yield return (name + " in a pipeline", Fails(() => FitInPipeline(options())));
            }
            yield return ("no one-hot column", Fails(() => Ml.MultiTask().Trainers.MultiTask(With(o => o.CategoricalEmbeddings = new CategoricalEmbeddings())).Fit(Data()).Dispose()));
            var negativeWeight = Synthetic.Rows(40, 1);
            negativeWeight[3].Weight = -2;
            yield return ("negative example weight", Fails(() => Fit(With(o => o.ExampleWeightColumnName = nameof(SyntheticRow.Weight)), Ml.Data.LoadFromEnumerable(negativeWeight))));
            yield return ("no rows", Fails(() => Fit(Valid(), Ml.Data.LoadFromEnumerable(Array.Empty<SyntheticRow>()))));
            static IEnumerable<SyntheticRow> FailingAt(int row)
            {
                foreach (var r in Synthetic.Rows(row, 1))
                {
                    yield return r;
                }
                throw new IOException("the connection was reset");
            }
            yield return ("source fails midway", Fails(() => Fit(Valid(), Ml.Data.LoadFromEnumerable(FailingAt(30)))));
            yield return ("full disk", Fails(() => Fit(With(o => o.FeatureStorage = new TemporaryFileFeatureStorage { WrapWrites = stream => new FullDiskStream(stream, capacity: 0) }))));
            var withNaN = Synthetic.Rows(40, 1);
            withNaN[7].Features[2] = float.NaN;
            yield return ("NaN feature", Fails(() => Fit(Valid(), Ml.Data.LoadFromEnumerable(withNaN))));
            IDataView Partial(float positive) => Ml.Data.LoadFromEnumerable(Synthetic.Rows(20, 1).Select(r => new MissingLabelTests.PartialRow { Features = r.Features, Positive = positive, Amount = 1 }));
            yield return ("no labels", Fails(() => Fit(Valid(), Partial(float.NaN))));
            yield return ("one binary class", Fails(() => Fit(Valid(), Partial(1))));
            var oneGroup = Synthetic.Rows(20, 1).Select(r => { r.Group = "north"; return r; });
            yield return ("one multiclass class", Fails(() => Fit(Synthetic.Options(1, TaskDefinition.Multiclass("Group")), Ml.Data.LoadFromEnumerable(oneGroup))));
            yield return ("scoring without features", Fails(() =>
            {
                using var model = Ml.MultiTask().Trainers.SharedEncoder(Valid()).Fit(Data());
                model.Transform(Ml.Transforms.DropColumns("Features").Fit(Data()).Transform(Data()));
            }));
            yield return ("binary label 2", Fails(() => Fit(Valid(), Partial(2))));
            yield return ("ordinal text label without an order", Fails(() => Fit(Synthetic.Options(1, TaskDefinition.Ordinal("Group")))));
            yield return ("ranking group column missing", Fails(() => Fit(Synthetic.Options(1, TaskDefinition.Ranking("Rank", "Session", nameof(SyntheticRow.Grade))))));
            yield return ("grouped task without one-hot slots", Fails(() => Fit(Synthetic.Options(1, TaskDefinition.GroupedRegression("Regional", nameof(SyntheticRow.Region), nameof(SyntheticRow.Amount))))));
            yield return ("wrong feature size at scoring", Fails(() =>
            {
                using var model = Ml.MultiTask().Trainers.SharedEncoder(Valid()).Fit(Data());
                model.Transform(Ml.Transforms.Concatenate("Features", "Features", "Features").Fit(Data()).Transform(Data()));
            }));
            yield return ("NaN feature at scoring", Fails(() =>
            {
                using var model = Ml.MultiTask().Trainers.SharedEncoder(Valid()).Fit(Data());
                model.Transform(Ml.Data.LoadFromEnumerable(withNaN)).GetColumn<float>("Positive.Score").ToArray();
            }));
            yield return ("rows reordered between reads", Fails(() =>
            {
                using var model = Ml.MultiTask().Trainers.SharedEncoder(Valid()).Fit(Data());
                model.Transform(new ReorderingDataView(Ml, Synthetic.Rows(10, seed: 2), 0, 1)).GetColumn<float>("Positive.Score").ToArray();
            }));
            yield return ("rows change between reads", Fails(() =>
            {
                using var model = Ml.MultiTask().Trainers.SharedEncoder(Valid()).Fit(Data(64));
                model.Transform(Ml.Data.LoadFromEnumerable(new BatchScoringTests.ShrinkingRows(Synthetic.Rows(10, seed: 2)))).GetColumn<float>("Positive.Score").ToArray();
            }));
        }

        private static IEnumerable<(string Case, Func<IEnumerable<string>> Messages)> TrainingErrors()
        {
            yield return ("native library", Fails(() => TorchSharpRuntime.EnsureLoaded(
                () => throw new TypeInitializationException("TorchSharp.torch", new NotSupportedException("doesn't contain a reference to libtorch-cpu-linux-x64")), () => null)));
            MultiTaskTrainer.Options Exploding()
            {
                var options = Synthetic.Options(4, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
                options.LearningRate = 1e6;
                options.NormalizeFeatures = false;
                return options;
            }
            yield return ("divergence", Fails(() => Fit(Exploding(), Data(256, 5))));
            yield return ("divergence after recoveries", Fails(() => Fit(With(o =>
            {
                o.OnDivergence = DivergenceAction.RestoreAndLowerLearningRate;
                o.DivergenceLearningRateFactor = 0.5;
                o.MaxDivergenceRecoveries = 3;
            }, Exploding()), Data(256, 5))));
            // Features far outside the training range overflow the regression head's squared error.
            var extreme = Synthetic.Rows(5, 3).Select(r => { r.Features = r.Features.Select(x => x * 1e25f).ToArray(); return r; });
            yield return ("validation divergence", Fails(() => Fit(With(o => o.ValidationSet = Ml.Data.LoadFromEnumerable(extreme), Synthetic.Options(2, TaskDefinition.Regression("Amount"))))));
            // 50 rows in batches of 32: the second step is the last; NaN weights after it reach nothing but the final check.
            var poison = new StepRecorder(step =>
            {
                if (step.StepInEpoch == 1)
                {
                    using (torch.no_grad())
                    {
                        step.Network.SharedParameters[0].fill_(float.NaN);
                    }
                }
            });
            yield return ("non-finite weights", Fails(() => Fit(With(o => o.Observers.Add(poison)))));
            var cancel = typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!;
            yield return ("MLContext.CancelExecution", Fails(() =>
            {
                var ml = new MLContext(seed: 1);
                var options = With(o => o.Progress = new CallbackProgress<TrainingEpochSummary>(_ => cancel.Invoke(ml, null)), Valid(epochs: 2));
                ml.MultiTask().Trainers.SharedEncoder(options).Fit(Data()).Dispose();
            }));
            if (!torch.cuda.is_available())
            {
                yield return ("no CUDA", Fails(() => Fit(With(o => o.Device = "cuda"))));
            }
        }

        private static IEnumerable<(string Case, Func<IEnumerable<string>> Messages)> CheckpointErrors(string folder)
        {
            yield return ("checkpoint missing", Fails(() => Fit(With(o => o.ResumeFromCheckpoint = Path.Combine(folder, "none.mtcheckpoint")))));
            string notCheckpoint = Path.Combine(folder, "not-a.mtcheckpoint");
            yield return ("not a checkpoint", Fails(() =>
            {
                File.WriteAllText(notCheckpoint, new string('x', 300));
                Fit(With(o => o.ResumeFromCheckpoint = notCheckpoint));
            }));
            string checkpoints = Path.Combine(folder, "checkpoints");
            string Written(int epoch)
            {
                if (!Directory.Exists(checkpoints))
                {
                    Fit(With(o => o.CheckpointFolder = checkpoints, Valid(epochs: 2)));
                }
                return Path.Combine(checkpoints, TrainingCheckpoint.FileName(epoch));
            }
            yield return ("checkpoint of another run", Fails(() => Fit(With(o => (o.ResumeFromCheckpoint, o.Seed) = (Written(1), 99), Valid(epochs: 2)))));
            yield return ("checkpoint of the last epoch", Fails(() => Fit(With(o => o.ResumeFromCheckpoint = Written(2), Valid(epochs: 2)))));
        }

        private static IEnumerable<(string Case, Func<IEnumerable<string>> Messages)> EvaluationAndLoadingErrors(string folder)
        {
            yield return ("group column missing", Fails(() =>
            {
                using var model = Ml.MultiTask().Trainers.MultiTask(Valid()).Fit(Data());
                Ml.MultiTask().EvaluateByGroup(model.Transform(Data()), model, "Sex");
            }));
            yield return ("relatedness of one task", Fails(() => Ml.MultiTask().AnalyzeTasks(Data(), new TaskRelatednessOptions { TrainerOptions = Valid() })));
            yield return ("more groups than tasks", Fails(() => Ml.MultiTask().AnalyzeTasks(Data(), new TaskRelatednessOptions
            {
                TrainerOptions = With(o => o.Tasks.Add(TaskDefinition.Regression("Amount"))),
                MaxGroups = 3,
            })));
            yield return ("unseen class", () =>
            {
                var rows = Synthetic.Rows(200, seed: 3);
                using var model = Ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(2, TaskDefinition.Multiclass("Group"))).Fit(Ml.Data.LoadFromEnumerable(rows.Where(r => r.Group != "north-east")));
                return Ml.MultiTask().Evaluate(model.Transform(Ml.Data.LoadFromEnumerable(rows)), model).ToString().Split(Environment.NewLine);
            });
            yield return ("no positive label", Fails(() =>
            {
                using var model = Ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(1, TaskDefinition.Binary("Income", "Positive"))).Fit(Data());
                var negatives = Ml.Data.LoadFromEnumerable(Synthetic.Rows(50, 1).Where(r => !r.Positive));
                Ml.MultiTask().Evaluate(model.Transform(negatives), model);
            }));
            yield return ("evaluating unscored data", Fails(() =>
            {
                using var model = Ml.MultiTask().Trainers.SharedEncoder(Valid()).Fit(Data());
                Ml.MultiTask().Evaluate(Data(), model);
            }));
            yield return ("model file missing", Fails(() => Ml.MultiTask().LoadModel(Path.Combine(folder, "none.zip"), out _)));
            string text = Path.Combine(folder, "text.zip");
            yield return ("not a zip", Fails(() =>
            {
                File.WriteAllText(text, "not a zip");
                Ml.MultiTask().LoadModel(text, out _);
            }));
            string plain = Path.Combine(folder, "plain.zip");
            yield return ("zip without a multi-task model", Fails(() =>
            {
                Ml.Model.Save(Ml.Transforms.CopyColumns("Copy", "Amount").Fit(Data()), Data().Schema, plain);
                Ml.MultiTask().LoadModel(plain, out _);
            }));
        }
    }
}
