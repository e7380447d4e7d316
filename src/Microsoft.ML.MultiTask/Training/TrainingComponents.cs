using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Balancing;
using Microsoft.ML.MultiTask.Gradients;
using Microsoft.ML.MultiTask.Schedules;
using Microsoft.ML.MultiTask.Strategies;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>The network and what every extension point built for one Fit; disposing it releases the extensions' parameters.</summary>
    internal sealed class TrainingComponents : IDisposable
    {
        public TrainingComponents(IMultiTaskNetwork network, LossBalancer balancer, GradientAggregator? aggregator, StrategyPlanner strategy,
            LearningRateScheduler scheduler, IReadOnlyList<TrainingObserver> observers)
        {
            Network = network;
            Balancer = balancer;
            Aggregator = aggregator;
            Strategy = strategy;
            Scheduler = scheduler;
            Observers = observers;
            Extensions = new TrainingExtension?[] { balancer, aggregator, strategy, scheduler }.Concat(observers).Where(e => e != null).Select(e => e!).ToArray();
            ExtensionParameters = Extensions.SelectMany(e => e.Parameters).ToArray();
            Parameters = network.Module.parameters().Cast<Tensor>().Concat(ExtensionParameters).ToArray();
        }

        public IMultiTaskNetwork Network { get; }

        /// <summary>The parameters copied from <see cref="MultiTaskTrainer.Options.InitialWeights"/> (frozen at first, then at their own rate).</summary>
        public IReadOnlyList<Tensor> Transferred { get; set; } = Array.Empty<Tensor>();

        public LossBalancer Balancer { get; }

        public GradientAggregator? Aggregator { get; }

        public StrategyPlanner Strategy { get; }

        public LearningRateScheduler Scheduler { get; }

        public IReadOnlyList<TrainingObserver> Observers { get; }

        /// <summary>Every built extension, in a fixed order (the order of their checkpoint sections).</summary>
        public IReadOnlyList<TrainingExtension> Extensions { get; }

        /// <summary>The extensions' trainable parameters (no weight decay; never exported).</summary>
        public IReadOnlyList<Tensor> ExtensionParameters { get; }

        /// <summary>Everything the optimizer updates: the network's parameters, then the extensions'.</summary>
        public IReadOnlyList<Tensor> Parameters { get; }

        /// <summary>How many of <see cref="Parameters"/>, from the first, are the network's.</summary>
        public int NetworkParameterCount => Parameters.Count - ExtensionParameters.Count;

        public void Dispose()
        {
            foreach (var extension in Extensions)
            {
                extension.Dispose();
            }
        }
    }
}
