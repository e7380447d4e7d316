using System;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>
    /// The baseline for the library's overhead: the same network, optimizer (the library's AdamW), batch size and epochs, trained
    /// by a bare TorchSharp loop over tensors prepared in advance (whole data set dense in one tensor,
    /// batches by index_select), with no masking, logging or validation.
    /// </summary>
    public static class PlainTorchSharpLoop
    {
        /// <returns>The time <see cref="DataSetReader"/> takes to turn the data view into buffers, and the loop's time.</returns>
        public static (TimeSpan ReadTime, TimeSpan LoopTime) Run(IDataView train, MultiTaskTrainer.Options options)
        {
            var tasks = options.Tasks.ToArray();
            var columns = tasks.Select(t => train.Schema[t.LabelColumnName]).ToArray();
            var (set, read) = Measurement.Of(() => DataSetReader.Read(train, options.FeatureColumnName, null, columns,
                (row, column, i) => tasks[i].CreateLabelReader(row, column), false, null, options.NormalizeFeatures, "training data", out _));
            var all = Enumerable.Range(0, set.RowCount).ToArray();
            using var features = set.Features.Batch(all, CPU);
            var labels = tasks.Select((_, i) => set.LabelBatch(i, all, CPU).Labels).ToArray();
            random.manual_seed(options.Seed ?? 1);
            var trunk = options.Architecture.Build(new ArchitectureContext(set.Features.Width, tasks, options.Activation, options.Dropout));
            using var network = new MultiTaskNetwork(null, trunk,
                tasks.Select(_ => (System.Collections.Generic.IReadOnlyList<int>)options.HeadLayers.Append(1).ToArray()).ToArray(), options.Activation, options.Dropout, null,
                tasks.Select(t => t.CreateShapeOnlyHead()).ToArray());
            var parameters = network.parameters().ToArray();
            using var optimizer = new Training.AdamWOptimizer(parameters, parameters.Length, options.LearningRate, options.WeightDecay);
            var clock = Stopwatch.StartNew();
            int batchSize = options.BatchSize ?? throw new ArgumentException("The bare loop needs an explicit BatchSize.", nameof(options));
            for (int epoch = 0; epoch < (options.MaxEpochs ?? throw new ArgumentException("The bare loop needs an explicit MaxEpochs.", nameof(options))); epoch++)
            {
                network.train();
                using var order = randperm(set.RowCount);
                for (int start = 0; start < set.RowCount; start += batchSize)
                {
                    using (NewDisposeScope())
                    {
                        var rows = order.narrow(0, start, Math.Min(batchSize, set.RowCount - start));
                        var logits = network.forward(features.index_select(0, rows));
                        Tensor loss = zeros(1);
                        for (int task = 0; task < tasks.Length; task++)
                        {
                            loss = loss + nn.functional.binary_cross_entropy_with_logits(logits[task], labels[task].index_select(0, rows));
                        }
                        optimizer.ZeroGrad();
                        loss.backward();
                    }
                    // Outside the dispose scope, as in the library: the optimizer keeps state it creates on its first step.
                    optimizer.Step(Array.Empty<Tensor>());
                }
            }
            clock.Stop();
            foreach (var label in labels)
            {
                label.Dispose();
            }
            return (read.Elapsed, clock.Elapsed);
        }
    }
}
