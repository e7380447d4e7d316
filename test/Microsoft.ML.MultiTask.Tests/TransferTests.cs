using System;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class TransferTests
    {
        private static readonly MLContext Ml = new MLContext(seed: 1);
        private static readonly IDataView Data = Ml.Data.LoadFromEnumerable(Synthetic.Rows(300, seed: 1));
        private static readonly IDataView Test = Ml.Data.LoadFromEnumerable(Synthetic.Rows(100, seed: 9));

        private static MultiTaskTrainer.Options Options(MultiTaskArchitecture architecture, params TaskDefinition[] tasks)
        {
            var options = Synthetic.Options(6, tasks);
            options.Architecture = architecture;
            options.FeatureEncoding = new PiecewiseLinearEncoding();
            return options;
        }

        private static float[] Column(MultiTaskTransformer model, string column) => model.Transform(Test).GetColumn<float>(column).ToArray();

        [TestMethod]
        public void AZipStartsATrainingThatPredictsExactlyLikeItWhileItsWeightsAreFrozen()
        {
            foreach (var architecture in new MultiTaskArchitecture[] { new HardSharing { SharedLayers = new[] { 16 } }, new MixtureOfExperts { Experts = 3, ExpertLayers = new[] { 8 } } })
            {
                using var source = Ml.MultiTask().Trainers.MultiTask(Options(architecture, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"))).Fit(Data);
                string zip = Path.Combine(Path.GetTempPath(), $"warm-{Guid.NewGuid():N}.zip");
                Ml.Model.Save(source, Data.Schema, zip);
                try
                {
                    foreach (var weights in new[] { InitialWeights.FromFile(zip), InitialWeights.FromModel(source) })
                    {
                        var options = Options(architecture, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
                        options.InitialWeights = weights;
                        options.FreezeInitialWeightsEpochs = options.MaxEpochs!.Value;
                        using var copy = Ml.MultiTask().Trainers.MultiTask(options).Fit(Data);
                        CollectionAssert.AreEqual(Column(source, "Positive.Probability"), Column(copy, "Positive.Probability"), $"{architecture}, {weights.Source}");
                        CollectionAssert.AreEqual(Column(source, "Amount.Score"), Column(copy, "Amount.Score"), $"{architecture}, {weights.Source}");
                    }
                }
                finally
                {
                    File.Delete(zip);
                }
            }
        }

        [TestMethod]
        public void TheStoredStateNamesTheInitializersThatHoldItsTensors()
        {
            using var model = Ml.MultiTask().Trainers.MultiTask(Options(new HardSharing { SharedLayers = new[] { 64 } }, TaskDefinition.Binary("Positive"))).Fit(Data);
            string state = Onnx.OnnxMetadataReader.Find(model.OnnxGraph, Transfer.NetworkState.MetadataKey)!;
            long valueBytes = InitialWeights.FromModel(model).State.Tensors.Sum(t => t.Value.Values.Length * 4L);
            Assert.IsLessThan(valueBytes / 4, state.Length, $"a state of {valueBytes} bytes of values is stored in {state.Length} characters: the layers' weights are the graph's initializers, by name");
        }

        [TestMethod]
        public void AnAddedTaskTrainsWhileTheOldTasksPredictionsStayTheSame()
        {
            var architecture = new HardSharing { SharedLayers = new[] { 16 } };
            using var source = Ml.MultiTask().Trainers.MultiTask(Options(architecture, TaskDefinition.Binary("Positive"))).Fit(Data);
            MultiTaskTransformer Grow(int frozenEpochs)
            {
                var options = Options(architecture, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
                options.InitialWeights = InitialWeights.FromModel(source);
                options.FreezeInitialWeightsEpochs = frozenEpochs;
                options.MaxEpochs = 12;
                return Ml.MultiTask().Trainers.MultiTask(options).Fit(Data);
            }
            using var frozen = Grow(12);
            CollectionAssert.AreEqual(Column(source, "Positive.Probability"), Column(frozen, "Positive.Probability"), "the encoder and the old head did not move");
            double RSquared(MultiTaskTransformer model) => Ml.MultiTask().Evaluate(model.Transform(Test), model)["Amount"].Regression!.RSquared;
            // The encoder learned Positive (x0 and x1); Amount follows x2 and x3, which it kept only in part.
            Assert.IsGreaterThan(0.2, RSquared(frozen), "the new head learned on the frozen encoder's features");
            using var thawed = Grow(4);
            CollectionAssert.AreNotEqual(Column(source, "Positive.Probability"), Column(thawed, "Positive.Probability"), "after 4 frozen epochs every weight trains");
            Assert.IsGreaterThan(RSquared(frozen) + 0.2, RSquared(thawed), "once thawed, the encoder learns what the new task needs");
        }

        [TestMethod]
        public void TheCopiedWeightsMoveAtTheirShareOfTheLearningRate()
        {
            var architecture = new HardSharing { SharedLayers = new[] { 16 } };
            using var source = Ml.MultiTask().Trainers.MultiTask(Options(architecture, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"))).Fit(Data);
            var before = InitialWeights.FromModel(source).State.Tensors;
            double Moved(double factor)
            {
                var options = Options(architecture, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
                options.InitialWeights = InitialWeights.FromModel(source);
                options.InitialWeightsLearningRateFactor = factor;
                options.MaxEpochs = 1;
                using var tuned = Ml.MultiTask().Trainers.MultiTask(options).Fit(Test);
                var after = InitialWeights.FromModel(tuned).State.Tensors;
                // Equal values count 0 (the bins' infinite ends among them).
                return before.Sum(p => p.Value.Values.Zip(after[p.Key].Values, (a, b) => a == b ? 0 : Math.Abs(a - b)).Sum());
            }
            double full = Moved(1), tenth = Moved(0.1);
            Assert.IsGreaterThan(0, tenth);
            Assert.IsLessThan(0.25 * full, tenth, $"moved {tenth} at a tenth of the rate against {full} at the full rate (Adam steps scale with the rate)");
        }

        [TestMethod]
        public void MismatchesAreNamed()
        {
            var architecture = new HardSharing { SharedLayers = new[] { 16 } };
            using var source = Ml.MultiTask().Trainers.MultiTask(Options(architecture, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"))).Fit(Data);
            string Fails(MultiTaskArchitecture arch, params TaskDefinition[] tasks)
            {
                var options = Options(arch, tasks);
                options.InitialWeights = InitialWeights.FromModel(source);
                return Assert.ThrowsExactly<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(options).Fit(Data)).Message;
            }
            StringAssert.Contains(Fails(architecture, TaskDefinition.Regression("Amount"), TaskDefinition.Binary("Positive")),
                "Options.InitialWeights: task 1 is 'Positive' (Binary) in the initial model but 'Amount' (Regression) here.");
            StringAssert.Contains(Fails(architecture, TaskDefinition.Binary("Positive")), "the initial model has 2 tasks (Positive, Amount); give all of them first");
            StringAssert.Contains(Fails(new HardSharing { SharedLayers = new[] { 32 } }, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount")), "] in the initial model but [");
            StringAssert.Contains(Fails(new MixtureOfExperts(), TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount")), "has no counterpart in this network");

            var options = Options(architecture, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
            options.InitialWeights = InitialWeights.FromModel(source);
            options.FeatureEncoding = null;
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(options).Fit(Ml.Data.LoadFromEnumerable(Synthetic.Rows(50, seed: 3).Select(r => new ThreeFeatures { Features = r.Features.Take(3).ToArray(), Positive = r.Positive, Amount = r.Amount })))).Message,
                "the initial model reads 4 features, this training data has 3");

            var plain = Ml.Data.LoadFromEnumerable(new[] { new ThreeFeatures { Features = new float[3] } });
            string zip = Path.Combine(Path.GetTempPath(), $"plain-{Guid.NewGuid():N}.zip");
            Ml.Model.Save(Ml.Transforms.CopyColumns("Copy", "Amount").Fit(plain), plain.Schema, zip);
            try
            {
                StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => InitialWeights.FromFile(zip)).Message, "is an ML.NET model zip without a multi-task model");
            }
            finally
            {
                File.Delete(zip);
            }
            Assert.ThrowsExactly<FileNotFoundException>(() => InitialWeights.FromFile("no-such-model.zip"));
            var unset = Options(architecture, TaskDefinition.Binary("Positive"));
            unset.FreezeInitialWeightsEpochs = 2;
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(unset)).Message, "apply to the weights copied from Options.InitialWeights, which is not set");
        }

        private sealed class ThreeFeatures
        {
            [VectorType(3)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public bool Positive { get; set; }

            public double Amount { get; set; }
        }
    }
}
