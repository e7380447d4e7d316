using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class CancellationTests
    {
        /// <summary>One long epoch: 4,000 rows in batches of 8 is 500 batches.</summary>
        private static MultiTaskTrainer.Options LongEpochs(List<TrainingEpochSummary> reported)
        {
            var options = Synthetic.Options(50, TaskDefinition.Binary("Positive"), TaskDefinition.Regression("Amount"));
            options.BatchSize = 8;
            options.Progress = new CallbackProgress<TrainingEpochSummary>(reported.Add);
            return options;
        }

        [TestMethod]
        public void TokenStopsFitBeforeTheNextBatchAndReleasesEveryTensor()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(4000, seed: 1));
            var reported = new List<TrainingEpochSummary>();
            var options = LongEpochs(reported);
            using var source = new CancellationTokenSource();
            options.CancellationToken = source.Token;
            // Cancel during the third batch of epoch 1, after its gradients: that batch finishes, the fourth must not start.
            var steps = new StepRecorder(step =>
            {
                if (step.StepInEpoch == 2)
                {
                    source.Cancel();
                }
            });
            options.Observers.Add(steps);
            long residue = NetworkResidue();
            long tensorsBefore = LiveTensors();

            var error = Assert.ThrowsExactly<OperationCanceledException>(() => ml.MultiTask().Trainers.SharedEncoder(options).Fit(data));

            Assert.AreEqual(source.Token, error.CancellationToken, "the exception carries the token that canceled");
            CollectionAssert.AreEqual(new[] { (1, 0), (1, 1), (1, 2) }, steps.Steps, "no batch runs after the one that canceled");
            Assert.IsEmpty(reported, "epoch 1 of 500 batches never completes");
            Assert.IsLessThanOrEqualTo(tensorsBefore + residue, torch.Tensor.TotalCount, "every tensor of the canceled run (network, optimizer state, batches) is disposed");
        }

        [TestMethod]
        public void ContextCancelExecutionStopsFitAfterTheCurrentBatch()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(4000, seed: 1));
            var reported = new List<TrainingEpochSummary>();
            var options = LongEpochs(reported);
            // MLContext.CancelExecution is internal in Microsoft.ML 5.0.1 (Microsoft.ML.Experimental and AutoML call it); call it the same way.
            var cancel = typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!;
            options.Progress = new CallbackProgress<TrainingEpochSummary>(summary =>
            {
                reported.Add(summary);
                cancel.Invoke(ml, null);
            });
            var steps = new StepRecorder();
            options.Observers.Add(steps);
            long residue = NetworkResidue();
            long tensorsBefore = LiveTensors();

            var error = Assert.ThrowsExactly<OperationCanceledException>(() => ml.MultiTask().Trainers.SharedEncoder(options).Fit(data));

            Assert.AreEqual(CancellationToken.None, error.CancellationToken, "canceled by the context, not by a token");
            CollectionAssert.AreEqual(new[] { 1 }, reported.Select(r => r.Epoch).ToArray(), "canceled after epoch 1, so epoch 2 never finishes");
            Assert.HasCount(500, steps.Steps, "all 500 batches of epoch 1 and none of epoch 2");
            Assert.IsTrue(steps.Steps.All(s => s.Epoch == 1));
            Assert.IsLessThanOrEqualTo(tensorsBefore + residue, torch.Tensor.TotalCount, "every tensor of the canceled run (network, optimizer state, snapshots, batches) is disposed");
        }

        /// <summary>
        /// What TorchSharp itself leaves undisposed when the same network is built and disposed (temporaries of its
        /// layer initialization, two per linear layer); measured first so the assertions above are exact.
        /// </summary>
        private static long NetworkResidue()
        {
            long before = LiveTensors();
            var tasks = new[] { TaskDefinition.Binary("A"), TaskDefinition.Binary("B") };
            var trunk = new HardSharing { SharedLayers = new[] { 16 } }.Build(new Architectures.ArchitectureContext(4, tasks, Activation.Relu, 0));
            var network = new Architectures.MultiTaskNetwork(null, trunk, new[] { new[] { 8, 1 }, new[] { 8, 1 } }, Activation.Relu, 0, null, tasks.Select(t => t.CreateShapeOnlyHead()).ToArray());
            network.to(torch.CPU);
            Architectures.ModuleDisposal.DisposeWithParameters(network);
            return LiveTensors() - before;
        }

        /// <summary>
        /// TorchSharp's count of tensors not disposed, after earlier garbage was finalized. The assertions then read the
        /// count without collecting, so a tensor the trainer forgot to dispose still counts (a finalizer run could only lower it).
        /// </summary>
        internal static long LiveTensors()
        {
            for (int i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            return torch.Tensor.TotalCount;
        }
    }
}
