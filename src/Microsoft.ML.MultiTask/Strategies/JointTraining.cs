using System;
using System.Collections.Generic;
using Microsoft.ML.MultiTask.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>Every step trains every task on the batch's labelled rows, and every parameter moves. The default strategy.</summary>
    public sealed class JointTraining : TrainingStrategy
    {
        internal override void Validate(string optionName, IReadOnlyList<TaskDefinition> tasks, int maxEpochs)
        {
        }

        internal override Strategies.StrategyPlanner Build(ExtensionContext context) => new Planner();

        private sealed class Planner : Strategies.StrategyPlanner
        {
            public override IReadOnlyCollection<Tensor> Plan(int epoch, int stepInEpoch, bool[] active) => Array.Empty<Tensor>();
        }
    }
}
