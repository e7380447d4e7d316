using System;
using System.Collections.Generic;
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
            options.Progress = new CallbackProgress(reported.Add);
            return options;
        }

        [TestMethod]
        public void TokenStopsFitWithinTheFirstBatchAndReleasesEveryTensor()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(4000, seed: 1));
            var reported = new List<TrainingEpochSummary>();
            var options = LongEpochs(reported);
            using var source = new CancellationTokenSource();
            options.CancellationToken = source.Token;
            // The trainer logs the data summary on the training thread right before the first batch; cancel there.
            ml.Log += (_, e) =>
            {
                if (e.Message.Contains("training rows", StringComparison.Ordinal))
                {
                    source.Cancel();
                }
            };
            long residue = NetworkResidue();
            long tensorsBefore = LiveTensors();

            Assert.ThrowsExactly<OperationCanceledException>(() => ml.MultiTask().Trainers.SharedEncoder(options).Fit(data));

            Assert.IsEmpty(reported, "not even the first of 500 batches' epoch may finish after cancellation");
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
            options.Progress = new CallbackProgress(summary =>
            {
                reported.Add(summary);
                cancel.Invoke(ml, null);
            });
            long residue = NetworkResidue();
            long tensorsBefore = LiveTensors();

            var error = Assert.ThrowsExactly<OperationCanceledException>(() => ml.MultiTask().Trainers.SharedEncoder(options).Fit(data));

            StringAssert.Contains(error.Message, "CancelExecution");
            Assert.HasCount(1, reported, "canceled after epoch 1, so epoch 2 never finishes");
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
            var network = new Architectures.MultiTaskNetwork(null, trunk, new[] { new[] { 8, 1 }, new[] { 8, 1 } }, Activation.Relu, 0);
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
