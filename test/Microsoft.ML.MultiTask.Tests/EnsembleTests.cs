using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class EnsembleTests
    {
        /// <summary>At the end of training: every member's outputs (training-mode forward pass) and the combined ones (evaluation mode).</summary>
        private sealed class MemberRecorder : TrainingObserver
        {
            private readonly float[][] _features;

            public MemberRecorder(float[][] features) => _features = features;

            public float[][] Members { get; private set; } = Array.Empty<float[]>();

            public float[][] Combined { get; private set; } = Array.Empty<float[]>();

            public override void OnTrainingEnd(IMultiTaskNetwork network, MultiTaskDataSet training)
            {
                var scaling = training.Scaling!;
                var input = _features.SelectMany(row => row.Select((x, slot) => (x - scaling.Offset[slot]) * scaling.Scale[slot])).ToArray();
                using var scope = NewDisposeScope();
                using (no_grad())
                {
                    var x = tensor(input, new long[] { _features.Length, _features[0].Length });
                    network.Module.train();
                    Members = network.Forward(x).Select(t => t.data<float>().ToArray()).ToArray();
                    network.Module.eval();
                    Combined = network.Forward(x).Select(t => t.data<float>().ToArray()).ToArray();
                }
            }
        }

        [TestMethod]
        public void MembersDifferAndScoringAveragesTheirProbabilitiesForEveryKind()
        {
            const int k = 4;
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(400, seed: 5);
            var data = ml.Data.LoadFromEnumerable(rows);
            var options = Synthetic.Options(5, TaskDefinition.Binary("Positive"), TaskDefinition.Multiclass("Group"), TaskDefinition.Regression("Amount"));
            options.EnsembleSize = k;
            var features = rows.Take(20).Select(r => r.Features).ToArray();
            var recorder = new MemberRecorder(features);
            options.Observers.Add(recorder);
            using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(data);
            int n = features.Length;

            var positive = recorder.Members[0];
            Assert.AreEqual(k * n, positive.Length, "training mode: k rows per input row");
            Assert.IsTrue(Enumerable.Range(0, n).Any(i => positive[i] != positive[n + i]), "members differ");
            var probability = model.Transform(ml.Data.LoadFromEnumerable(rows.Take(n))).GetColumn<float>("Positive.Probability").ToArray();
            for (int i = 0; i < n; i++)
            {
                double mean = Enumerable.Range(0, k).Average(m => 1 / (1 + Math.Exp(-positive[(m * n) + i])));
                Assert.AreEqual(mean, probability[i], 1e-5, "binary: the mean of the members' probabilities");
            }

            var groups = model.Transform(ml.Data.LoadFromEnumerable(rows.Take(n))).GetColumn<float[]>("Group.Score").ToArray();
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < 4; c++)
                {
                    double mean = Enumerable.Range(0, k).Average(m =>
                    {
                        var logits = recorder.Members[1].Skip(((m * n) + i) * 4).Take(4).Select(v => Math.Exp(v)).ToArray();
                        return logits[c] / logits.Sum();
                    });
                    Assert.AreEqual(mean, groups[i][c], 1e-5, "multiclass: the mean of the members' class probabilities");
                }
            }

            var amounts = recorder.Members[2];
            for (int i = 0; i < n; i++)
            {
                Assert.AreEqual(Enumerable.Range(0, k).Average(m => amounts[(m * n) + i]), recorder.Combined[2][i], 1e-4, "regression: the mean of the members' outputs");
            }
        }

        [TestMethod]
        public void EnsembleWithGatesReportsOneGateRowPerInputRow()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(200, seed: 6));
            var options = Synthetic.Options(2, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
            options.Architecture = new MixtureOfExperts { Experts = 3, ExpertLayers = new[] { 8 } };
            options.EnsembleSize = 8;
            using var model = ml.MultiTask().Trainers.MultiTask(options).Fit(data);
            var utilization = model.ExpertUtilization(data);
            foreach (var gate in utilization.Gates)
            {
                Assert.AreEqual(1, gate.MeanWeights.Sum(), 1e-4, $"gate {gate.Gate}: mean weights over rows sum to 1");
            }
            Assert.AreEqual(200L, utilization.Rows);
        }

        [TestMethod]
        public void EnsembleSizeOutsideItsRangeIsRefused()
        {
            var options = Synthetic.Options(1, TaskDefinition.Binary("Positive"));
            options.EnsembleSize = 0;
            StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MLContext().MultiTask().Trainers.MultiTask(options)).Message,
                "Options.EnsembleSize must be between 1 (no ensemble, the default) and 64; got 0.");
        }
    }
}
