using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class NativeMemoryTests
    {
        [TestMethod]
        public void FiftyEpochsDoNotGrowTensorsOrResidentMemory()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(2000, seed: 1));
            var validation = ml.Data.LoadFromEnumerable(Synthetic.Rows(200, seed: 2));
            var options = Synthetic.Options(50, TaskDefinition.Binary("Positive"), TaskDefinition.Multiclass("Group"), TaskDefinition.Regression("Amount"));
            options.ValidationSet = validation;
            options.EarlyStoppingPatience = 0;
            options.Dropout = 0.1;
            var tensors = new Dictionary<int, long>();
            var resident = new Dictionary<int, long>();
            int epoch = 0;
            options.Progress = new CallbackProgress<TrainingEpochSummary>(_ =>
            {
                epoch++;
                if (epoch == 5 || epoch == 50)
                {
                    tensors[epoch] = torch.Tensor.TotalCount;
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    resident[epoch] = Environment.WorkingSet;
                }
            });

            using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(data);

            Assert.AreEqual(50, epoch);
            Assert.IsLessThanOrEqualTo(tensors[5], tensors[50], "live tensors after epoch 50 vs after epoch 5: every batch's tensors are disposed");
            long growth = resident[50] - resident[5];
            Assert.IsLessThan(64L << 20, growth, $"resident memory grew by {growth >> 20} MB from epoch 5 to epoch 50");
        }
    }
}
