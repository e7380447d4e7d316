using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>
    /// Every public implementation of every extension point (architecture, feature encoding, loss balancing, gradient
    /// aggregation, training strategy, learning-rate schedule), found by reflection, trained on all seven task kinds with
    /// missing labels, and held to the guarantees of the default path: ONNX scores = TorchSharp forward pass, same seed →
    /// same bits, stop + resume → the uninterrupted run's bits, zip round trip, and 8 scoring threads = 1. A new file is
    /// covered the day it is added.
    /// </summary>
    [TestClass]
    public sealed class ExtensionPointTests
    {
        private const int Epochs = 7;
        private const int StopAfter = 2;

        /// <summary>The extension points: public abstract option classes of the library that build an implementation.</summary>
        public static IReadOnlyList<Type> ExtensionPoints { get; } = typeof(MultiTaskTrainer).Assembly.GetExportedTypes()
            .Where(t => t.IsAbstract && t.IsClass && t.GetMethod("Build", BindingFlags.Instance | BindingFlags.NonPublic) != null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();

        public static IEnumerable<object[]> Implementations => ExtensionPoints
            .SelectMany(point => point.Assembly.GetExportedTypes().Where(t => !t.IsAbstract && point.IsAssignableFrom(t)).OrderBy(t => t.Name, StringComparer.Ordinal))
            .Select(t => new object[] { t.Name });

        [TestMethod]
        public void EveryExtensionPointIsFoundAndIsAnOption()
        {
            CollectionAssert.IsSubsetOf(
                new[] { typeof(MultiTaskArchitecture), typeof(FeatureEncoding), typeof(LossBalancing), typeof(GradientAggregation), typeof(TrainingStrategy), typeof(LearningRateSchedule) },
                ExtensionPoints.ToArray());
            foreach (var point in ExtensionPoints)
            {
                Assert.IsNotNull(OptionFor(point), $"{point.Name} has no property in {nameof(MultiTaskTrainer.Options)}");
            }
        }

        [TestMethod]
        [DynamicData(nameof(Implementations))]
        public void ImplementationKeepsEveryGuarantee(string name)
        {
            var type = typeof(MultiTaskTrainer).Assembly.GetExportedTypes().Single(t => t.Name == name && !t.IsAbstract && ExtensionPoints.Any(p => p.IsAssignableFrom(t)));
            Assert.IsNotNull(type.GetConstructor(Type.EmptyTypes), $"{name} needs a public parameterless constructor (documented defaults)");
            var implementation = Activator.CreateInstance(type)!;
            AssertKeepsEveryGuarantee(options => OptionFor(ExtensionPoints.Single(p => p.IsAssignableFrom(type)))!.SetValue(options, implementation));
        }

        /// <summary>The options outside the extension points that change the network or the loss, held to the same guarantees.</summary>
        [TestMethod]
        [DataRow("EnsembleSize")]
        [DataRow("EnsembleSizeWithGates")]
        [DataRow("CategoricalEmbeddings")]
        [DataRow("ExampleWeightColumnName")]
        [DataRow("InitialWeights")]
        [DataRow("TemporaryFileFeatureStorageBlocks")]
        public void OptionKeepsEveryGuarantee(string option)
        {
            switch (option)
            {
                case "EnsembleSize":
                    AssertKeepsEveryGuarantee(options => options.EnsembleSize = 4);
                    break;
                case "EnsembleSizeWithGates":
                    AssertKeepsEveryGuarantee(options =>
                    {
                        options.EnsembleSize = 3;
                        options.Architecture = new ProgressiveLayeredExtraction();
                    });
                    break;
                case "CategoricalEmbeddings":
                    AssertKeepsEveryGuarantee(options =>
                    {
                        options.CategoricalEmbeddings = new CategoricalEmbeddings();
                        options.FeatureEncoding = new PiecewiseLinearEncoding { Bins = 8 };
                    });
                    break;
                case "TemporaryFileFeatureStorageBlocks":
                    // Blocks of about 23 rows: block-shuffled epochs, with ranking groups across block ends.
                    AssertKeepsEveryGuarantee(options => options.FeatureStorage = new TemporaryFileFeatureStorage { BlockSizeKilobytes = 1 });
                    break;
                case "InitialWeights":
                    // Every kind's network started from another trained one, frozen for 2 epochs, then at half the rate.
                    AssertKeepsEveryGuarantee(_ => { }, warmStart: true);
                    break;
                default:
                    AssertKeepsEveryGuarantee(options => options.ExampleWeightColumnName = nameof(SyntheticRow.Weight));
                    break;
            }
        }

        /// <summary>Trains on all seven task kinds with missing labels (the ranking and grouped tasks' groups are the regions), features <c>AllFeatures</c> = Features + one-hot Region.</summary>
        private static void AssertKeepsEveryGuarantee(Action<MultiTaskTrainer.Options> configure, bool warmStart = false)
        {
            const string featureColumn = "AllFeatures";
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(300, seed: 31);
            for (int i = 0; i < rows.Count; i += 5)
            {
                rows[i].Amount = double.NaN;
                rows[i + 1].TagScores[0] = float.NaN;
                rows[i + 2].Grade = float.NaN;
            }
            var featurizer = ml.Transforms.Categorical.OneHotEncoding("RegionOneHot", nameof(SyntheticRow.Region))
                .Append(ml.Transforms.Concatenate("AllFeatures", "Features", "RegionOneHot"))
                .Fit(ml.Data.LoadFromEnumerable(rows));
            var data = ml.Data.Cache(featurizer.Transform(ml.Data.LoadFromEnumerable(rows)));
            var features = data.GetColumn<float[]>(featureColumn).Take(40).ToArray();
            var validation = featurizer.Transform(ml.Data.LoadFromEnumerable(Synthetic.Rows(60, seed: 32)));
            InitialWeights? initial = null;
            MultiTaskTrainer.Options Options()
            {
                var options = Synthetic.Options(Epochs, TaskDefinition.Binary("Positive"), TaskDefinition.Multiclass("Group"),
                    TaskDefinition.Regression("Amount"), TaskDefinition.MultiLabel("TagScores"), TaskDefinition.Ordinal("Grade"),
                    TaskDefinition.Ranking("Rank", nameof(SyntheticRow.Region), nameof(SyntheticRow.Grade)),
                    TaskDefinition.GroupedRegression("Regional", "RegionOneHot", nameof(SyntheticRow.Amount)));
                options.FeatureColumnName = featureColumn;
                options.Dropout = 0.1;
                options.ValidationSet = validation;
                options.EarlyStoppingPatience = 0;
                configure(options);
                if (initial != null)
                {
                    (options.InitialWeights, options.FreezeInitialWeightsEpochs, options.InitialWeightsLearningRateFactor) = (initial, 2, 0.5);
                }
                return options;
            }
            if (warmStart)
            {
                var source = Options();
                source.Seed = 7;
                using var trained = ml.MultiTask().Trainers.MultiTask(source).Fit(data);
                initial = InitialWeights.FromModel(trained);
            }

            var first = Options();
            var forward = new ForwardPassRecorder(features);
            first.Observers.Add(forward);
            using var model = ml.MultiTask().Trainers.MultiTask(first).Fit(data);
            var scores = Scores(model, data);

            AssertOnnxMatchesTorchSharp(model, ml.Data.TakeRows(data, features.Length), forward.Logits);

            using (var again = ml.MultiTask().Trainers.MultiTask(Options()).Fit(data))
            {
                CollectionAssert.AreEqual(scores, Scores(again, data), "same seed, same bits");
            }

            AssertResumeEqualsUninterrupted(ml, Options, data, model, scores);
            AssertZipRoundTrip(ml, model, data, scores);

            var perThread = Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Scores(model, data)))).GetAwaiter().GetResult();
            foreach (var threadScores in perThread)
            {
                CollectionAssert.AreEqual(scores, threadScores, "8 scoring threads = 1");
            }
        }

        private static PropertyInfo? OptionFor(Type point) => typeof(MultiTaskTrainer.Options).GetProperties().SingleOrDefault(p => p.PropertyType == point);

        /// <summary>All scores of all tasks, in a fixed order.</summary>
        private static float[] Scores(ITransformer model, IDataView data)
        {
            var scored = model.Transform(data);
            return scored.GetColumn<float>("Positive.Score")
                .Concat(scored.GetColumn<float[]>("Group.Score").SelectMany(v => v))
                .Concat(scored.GetColumn<float>("Amount.Score"))
                .Concat(scored.GetColumn<float[]>("TagScores.Score").SelectMany(v => v))
                .Concat(scored.GetColumn<float[]>("Grade.Score").SelectMany(v => v))
                .Concat(scored.GetColumn<float>("Grade.ExpectedValue"))
                .Concat(scored.GetColumn<float>("Rank.Score"))
                .Concat(scored.GetColumn<float>("Regional.Score"))
                .ToArray();
        }

        /// <summary>The ONNX graph's scores against the TorchSharp network's logits, through each kind's output map.</summary>
        private static void AssertOnnxMatchesTorchSharp(MultiTaskTransformer model, IDataView rows, float[][] logits)
        {
            var scored = model.Transform(rows);
            var positive = scored.GetColumn<float>("Positive.Score").ToArray();
            var group = scored.GetColumn<float[]>("Group.Score").ToArray();
            var amount = scored.GetColumn<float>("Amount.Score").ToArray();
            var tags = scored.GetColumn<float[]>("TagScores.Score").ToArray();
            var grade = scored.GetColumn<float[]>("Grade.Score").ToArray();
            var rank = scored.GetColumn<float>("Rank.Score").ToArray();
            var regional = scored.GetColumn<float>("Regional.Score").ToArray();
            var grouped = (RegressionTaskHead)model.Heads[6];
            var regression = (RegressionTaskHead)model.Heads[2];
            var ordinal = (OrdinalTaskHead)model.Heads[4];
            for (int i = 0; i < positive.Length; i++)
            {
                AssertClose(logits[0][i], positive[i]);
                var exp = logits[1].Skip(4 * i).Take(4).Select(v => Math.Exp(v)).ToArray();
                for (int k = 0; k < 4; k++)
                {
                    AssertClose(exp[k] / exp.Sum(), group[i][k]);
                }
                // Regression scores compared on the network's standardized scale, where the tolerance is meant: the label's
                // standard deviation (36 here) would scale a last-bit difference of the logit up with it.
                AssertClose(logits[2][i], (amount[i] - regression.Mean) / regression.StandardDeviation);
                for (int k = 0; k < 3; k++)
                {
                    AssertClose(logits[3][(3 * i) + k], tags[i][k]);
                }
                var expected = ordinal.Probabilities(logits[4].AsSpan(4 * i, 4));
                for (int k = 0; k < 5; k++)
                {
                    AssertClose(expected[k], grade[i][k]);
                }
                AssertClose(logits[5][i], rank[i]);
                AssertClose(logits[6][2 * i], (regional[i] - grouped.Mean) / grouped.StandardDeviation);
            }
        }

        private static void AssertClose(double expected, double actual)
            => Assert.AreEqual(expected, actual, 1e-5 * (1 + Math.Abs(expected)), "ONNX score differs from the TorchSharp forward pass");

        private static void AssertResumeEqualsUninterrupted(MLContext ml, Func<MultiTaskTrainer.Options> options, IDataView data, MultiTaskTransformer uninterrupted, float[] scores)
        {
            string folder = Directory.CreateTempSubdirectory("multitask-extension-").FullName;
            try
            {
                var interrupted = options();
                interrupted.CheckpointFolder = folder;
                using var stop = new CancellationTokenSource();
                interrupted.CancellationToken = stop.Token;
                interrupted.Progress = new CallbackProgress<TrainingEpochSummary>(summary =>
                {
                    if (summary.Epoch == StopAfter)
                    {
                        stop.Cancel();
                    }
                });
                Assert.ThrowsExactly<OperationCanceledException>(() => ml.MultiTask().Trainers.MultiTask(interrupted).Fit(data));
                var resume = options();
                resume.ResumeFromCheckpoint = Path.Combine(folder, $"checkpoint-epoch-{StopAfter:D4}.mtcheckpoint");
                using var resumed = ml.MultiTask().Trainers.MultiTask(resume).Fit(data);
                CollectionAssert.AreEqual(scores, Scores(resumed, data), "resumed run = uninterrupted run");
                CollectionAssert.AreEqual(uninterrupted.History.Epochs.Select(e => e.TrainingLoss).ToArray(), resumed.History.Epochs.Select(e => e.TrainingLoss).ToArray());
                CollectionAssert.AreEqual(uninterrupted.History.Epochs.Select(e => e.LearningRate).ToArray(), resumed.History.Epochs.Select(e => e.LearningRate).ToArray());
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static void AssertZipRoundTrip(MLContext ml, MultiTaskTransformer model, IDataView data, float[] scores)
        {
            string path = Path.Combine(Path.GetTempPath(), $"multitask-extension-{Guid.NewGuid():N}.zip");
            try
            {
                ml.Model.Save(model, data.Schema, path);
                var loaded = new MLContext().MultiTask().LoadModel(path, out _);
                CollectionAssert.AreEqual(scores, Scores(loaded, data), "zip round trip");
                (loaded as IDisposable)?.Dispose();
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
