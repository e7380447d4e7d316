using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>What each architecture promises beyond the reflection test's guarantees: its structure, its gates, its bad input.</summary>
    [TestClass]
    public sealed class ArchitectureTests
    {
        private static readonly MLContext Ml = new MLContext(seed: 1);

        private static MultiTaskTrainer.Options Options(MultiTaskArchitecture architecture, int epochs = 3)
        {
            var options = Synthetic.Options(epochs, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
            options.Architecture = architecture;
            return options;
        }

        private static IDataView Data(int rows = 200) => Ml.Data.LoadFromEnumerable(Synthetic.Rows(rows, seed: 17));

        /// <summary>The squared distance between the two towers' parameters after training.</summary>
        private static double TowerDistance(double lambda)
        {
            var recorder = new TowerRecorder();
            var options = Options(new SoftSharing { TowerLayers = new[] { 16 }, Lambda = lambda }, epochs: 15);
            options.Observers.Add(recorder);
            Ml.MultiTask().Trainers.MultiTask(options).Fit(Data()).Dispose();
            return recorder.Distance;
        }

        private sealed class TowerRecorder : TrainingObserver
        {
            public double Distance { get; private set; }

            public override void OnTrainingEnd(IMultiTaskNetwork network, Data.MultiTaskDataSet training)
            {
                using var scope = NewDisposeScope();
                Distance = network.TaskParameters(0).Take(2).Zip(network.TaskParameters(1).Take(2), (a, b) => a.sub(b).square().sum().item<float>()).Sum();
            }
        }

        [TestMethod]
        public void SoftSharingPenaltyPullsTheTowersTogether()
        {
            double independent = TowerDistance(0);
            double pulled = TowerDistance(1);
            Assert.IsLessThan(independent / 20, pulled, $"λ = 0: {independent:G3}; λ = 1: {pulled:G3}");
        }

        [TestMethod]
        public void CrossStitchStartsNearTheIdentityAndLearnsTheMixing()
        {
            var recorder = new StitchRecorder();
            var options = Options(new CrossStitch { TowerLayers = new[] { 8, 8 }, OffDiagonal = 0.2 });
            options.Tasks.Add(TaskDefinition.Multiclass("Group"));
            options.Observers.Add(recorder);
            Ml.MultiTask().Trainers.MultiTask(options).Fit(Data()).Dispose();
            // Three tasks: 0.8 on the diagonal, 0.1 to each other tower; one 3×3 α per hidden layer.
            Assert.HasCount(2, recorder.First);
            foreach (var alpha in recorder.First)
            {
                CollectionAssert.AreEqual(new[] { 0.8f, 0.1f, 0.1f, 0.1f, 0.8f, 0.1f, 0.1f, 0.1f, 0.8f }, alpha);
            }
            CollectionAssert.AreNotEqual(recorder.First[0], recorder.Last[0], "α is trained");
        }

        private sealed class StitchRecorder : TrainingObserver
        {
            public List<float[]> First { get; private set; } = new List<float[]>();

            public List<float[]> Last { get; private set; } = new List<float[]>();

            public override void OnStep(TrainingStep step)
            {
                var values = step.Network.SharedParameters.Select(p => { using var v = p.detach().cpu().data<float>(); return v.ToArray(); }).ToList();
                if (First.Count == 0)
                {
                    First = values;
                }
                Last = values;
            }
        }

        [TestMethod]
        public void MixtureOfExpertsReportsEachTasksMeanGateWeights()
        {
            var data = Data();
            using var model = Ml.MultiTask().Trainers.MultiTask(Options(new MixtureOfExperts { Experts = 4, ExpertLayers = new[] { 8 } })).Fit(data);
            var utilization = model.ExpertUtilization(data);
            Assert.AreEqual(200, utilization.Rows);
            CollectionAssert.AreEqual(new[] { "Positive", "Amount" }, utilization.Gates.Select(g => g.Gate).ToArray());
            foreach (var gate in utilization.Gates)
            {
                CollectionAssert.AreEqual(new[] { "expert 1", "expert 2", "expert 3", "expert 4" }, gate.Experts.ToArray());
                Assert.AreEqual(1.0, gate.MeanWeights.Sum(), 1e-5);
                Assert.IsTrue(gate.MeanWeights.All(w => w > 0 && w < 1));
            }
            Assert.AreNotEqual(utilization["Positive"].MeanWeights[0], utilization["Amount"].MeanWeights[0], "each task has its own gate");
            StringAssert.Contains(utilization.ToString(), "| Amount |");

            using var hard = Ml.MultiTask().Trainers.MultiTask(Options(new HardSharing { SharedLayers = new[] { 8 } })).Fit(data);
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => hard.ExpertUtilization(data));
            StringAssert.Contains(error.Message, "HardSharing");
        }

        [TestMethod]
        public void ProgressiveLayeredExtractionHasTaskAndSharedGatesPerLevelAndOneLevelIsCgc()
        {
            var data = Data();
            using var ple = Ml.MultiTask().Trainers.MultiTask(Options(new ProgressiveLayeredExtraction { Levels = 2, TaskExperts = 1, SharedExperts = 2, ExpertLayers = new[] { 8 } })).Fit(data);
            var gates = ple.ExpertUtilization(data).Gates;
            CollectionAssert.AreEqual(new[] { "Positive/1", "Amount/1", "shared/1", "Positive/2", "Amount/2" }, gates.Select(g => $"{g.Gate}/{g.Level}").ToArray());
            CollectionAssert.AreEqual(new[] { "Positive 1", "shared 1", "shared 2" }, gates[0].Experts.ToArray(), "a task's gate mixes its own and the shared experts");
            CollectionAssert.AreEqual(new[] { "Positive 1", "Amount 1", "shared 1", "shared 2" }, gates[2].Experts.ToArray(), "the shared gate mixes all experts");

            using var cgc = Ml.MultiTask().Trainers.MultiTask(Options(new ProgressiveLayeredExtraction { Levels = 1, ExpertLayers = new[] { 8 } })).Fit(data);
            CollectionAssert.AreEqual(new[] { "Positive/1", "Amount/1" }, cgc.ExpertUtilization(data).Gates.Select(g => $"{g.Gate}/{g.Level}").ToArray(), "CGC: no shared gate");
        }

        [TestMethod]
        public void ArchitecturesSayWhichParametersAreSharedAndWhichBelongToATask()
        {
            var tasks = new[] { TaskDefinition.Binary("A"), TaskDefinition.Binary("B") };
            var context = new ArchitectureContext(4, tasks, Activation.Relu, 0);
            foreach (var (architecture, shared, perTask) in new (MultiTaskArchitecture, int, int)[]
            {
                (new HardSharing { SharedLayers = new[] { 8 } }, 2, 0),
                (new SoftSharing { TowerLayers = new[] { 8, 4 } }, 0, 4),
                (new CrossStitch { TowerLayers = new[] { 8, 4 } }, 2, 4),
                (new MixtureOfExperts { Experts = 3, ExpertLayers = new[] { 8 } }, 6, 2),
                (new ProgressiveLayeredExtraction { Levels = 2, SharedExperts = 1, TaskExperts = 1, ExpertLayers = new[] { 8 } }, 6, 8),
            })
            {
                using var trunk = architecture.Build(context);
                Assert.HasCount(shared, trunk.SharedParameters, architecture.ToString());
                Assert.HasCount(perTask, trunk.TaskParameters(1), architecture.ToString());
                var all = trunk.parameters().Cast<Tensor>().ToArray();
                var listed = trunk.SharedParameters.Concat(trunk.TaskParameters(0)).Concat(trunk.TaskParameters(1)).ToArray();
                Assert.HasCount(all.Length, listed, $"{architecture}: every parameter is shared or belongs to one task");
                Assert.IsTrue(all.All(p => listed.Any(q => ReferenceEquals(p, q))), $"{architecture}: the lists hold the module's own parameters");
            }
        }

        public static IEnumerable<object[]> BadArchitectures => new[]
        {
            new object[] { new MixtureOfExperts { Experts = 0 }, "Options.Architecture.Experts must be >= 1; got 0." },
            new object[] { new MixtureOfExperts { ExpertLayers = Array.Empty<int>() }, "Options.Architecture.ExpertLayers must be a list of positive layer sizes with at least one layer; got []." },
            new object[] { new ProgressiveLayeredExtraction { Levels = 0 }, "Options.Architecture.Levels must be >= 1; got 0." },
            new object[] { new ProgressiveLayeredExtraction { SharedExperts = -1 }, "Options.Architecture.SharedExperts must be >= 1; got -1." },
            new object[] { new ProgressiveLayeredExtraction { TaskExperts = 0 }, "Options.Architecture.TaskExperts must be >= 1; got 0." },
            new object[] { new SoftSharing { Lambda = -1 }, "Options.Architecture.Lambda must be a finite number >= 0" },
            new object[] { new SoftSharing { Lambda = double.NaN }, "Options.Architecture.Lambda must be a finite number >= 0" },
            new object[] { new SoftSharing { TowerLayers = Array.Empty<int>() }, "Options.Architecture.TowerLayers must be a list of positive layer sizes with at least one layer" },
            new object[] { new CrossStitch { TowerLayers = new[] { 4, -2 } }, "Options.Architecture.TowerLayers must be a list of positive layer sizes with at least one layer; got [4, -2]." },
            new object[] { new CrossStitch { OffDiagonal = 1 }, "Options.Architecture.OffDiagonal must be in [0, 1); got 1." },
            new object[] { new HardSharing { SharedLayers = null! }, "Options.Architecture.SharedLayers must be a list of positive layer sizes (it may be empty); got null." },
        };

        [TestMethod]
        [DynamicData(nameof(BadArchitectures))]
        public void BadArchitectureOptionsNameTheOptionAndTheRange(MultiTaskArchitecture architecture, string message)
        {
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.MultiTask().Trainers.MultiTask(Options(architecture)));
            StringAssert.Contains(error.Message, message);
        }

        [TestMethod]
        public void ManyExpertsWarnAndGradientMethodsNeedSharedParameters()
        {
            var ml = new MLContext(seed: 1);
            var log = new List<string>();
            ml.Log += (_, e) => log.Add(e.Message);
            var many = Options(new MixtureOfExperts { Experts = 65, ExpertLayers = new[] { 2 } }, epochs: 1);
            ml.MultiTask().Trainers.MultiTask(many).Fit(Data(40)).Dispose();
            Assert.IsTrue(log.Any(m => m.Contains("MixtureOfExperts has 65 experts", StringComparison.Ordinal)), "a warning, not a failure");

            var soft = Options(new SoftSharing(), epochs: 1);
            soft.GradientAggregation = new PCGrad();
            var error = Assert.ThrowsExactly<ArgumentException>(() => Ml.MultiTask().Trainers.MultiTask(soft).Fit(Data(40)));
            StringAssert.Contains(error.Message, "Options.GradientAggregation (PCGrad()) combines the tasks' gradients of the shared parameters, but Options.Architecture (SoftSharing(Lambda=0.01, TowerLayers=[128, 64])) has none");

            var error2 = Assert.ThrowsExactly<ArgumentException>(() => Ml.MultiTask().Trainers.SharedEncoder(Options(new MixtureOfExperts())));
            StringAssert.Contains(error2.Message, "use Trainers.MultiTask(options)");
        }

        [TestMethod]
        public void EveryArchitectureTrainsEveryTaskKindWithMissingLabelsAlsoUnderPCGrad()
        {
            var rows = Synthetic.Rows(300, seed: 3);
            for (int i = 0; i < rows.Count; i += 4)
            {
                rows[i].Amount = double.NaN;
            }
            var data = Ml.Data.LoadFromEnumerable(rows);
            foreach (var architecture in new MultiTaskArchitecture[]
            {
                new HardSharing { SharedLayers = new[] { 16 } },
                new SoftSharing { TowerLayers = new[] { 16 } },
                new CrossStitch { TowerLayers = new[] { 16 } },
                new MixtureOfExperts { Experts = 3, ExpertLayers = new[] { 16 } },
                new ProgressiveLayeredExtraction { Levels = 2, ExpertLayers = new[] { 16 } },
            })
            {
                var options = Synthetic.Options(12, TaskDefinition.Binary("Positive"), TaskDefinition.Multiclass("Group"), TaskDefinition.Regression("Amount"), TaskDefinition.MultiLabel("Tags"));
                options.Architecture = architecture;
                // Soft sharing shares no parameter, so it is the one architecture a gradient method cannot apply to.
                options.GradientAggregation = architecture is SoftSharing ? null : new PCGrad();
                using var model = Ml.MultiTask().Trainers.MultiTask(options).Fit(data);
                var metrics = Ml.MultiTask().Evaluate(model.Transform(data), model);
                Assert.IsGreaterThan(0.9, metrics["Positive"].Binary!.AreaUnderRocCurve, architecture.ToString());
                Assert.IsGreaterThan(0.7, metrics["Group"].Multiclass!.MicroAccuracy, architecture.ToString());
                Assert.IsGreaterThan(0.7, metrics["Amount"].Regression!.RSquared, architecture.ToString());
                Assert.IsGreaterThan(0.9, metrics["Tags"].MultiLabel!.Micro.AreaUnderRocCurve, architecture.ToString());
            }
        }
    }
}
