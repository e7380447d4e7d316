using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Data;
using Microsoft.ML.MultiTask.Training;
using TorchSharp;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>Records the trained network's shape and weights as Fit leaves them, so tests can see what an option built.</summary>
    internal sealed class NetworkRecorder : TrainingObserver
    {
        private readonly int _taskCount;

        public NetworkRecorder(int taskCount)
        {
            _taskCount = taskCount;
        }

        /// <summary>Per task, the shapes of the parameters only that task's loss reaches (its head), e.g. "8×16".</summary>
        public string[][] TaskParameterShapes { get; private set; } = System.Array.Empty<string[]>();

        /// <summary>The shapes of the parameters every task shares (the encoder).</summary>
        public string[] SharedParameterShapes { get; private set; } = System.Array.Empty<string>();

        /// <summary>The squared L2 norm of all the network's weights.</summary>
        public double SquaredWeightNorm { get; private set; }

        public override void OnTrainingEnd(IMultiTaskNetwork network, MultiTaskDataSet training)
        {
            SharedParameterShapes = Shapes(network.SharedParameters);
            TaskParameterShapes = Enumerable.Range(0, _taskCount).Select(task => Shapes(network.TaskParameters(task))).ToArray();
            using var scope = torch.NewDisposeScope();
            SquaredWeightNorm = network.Module.parameters().Sum(p => p.detach().pow(2).sum().item<float>());
        }

        private static string[] Shapes(IEnumerable<torch.Tensor> parameters) => parameters.Select(p => string.Join("×", p.shape)).ToArray();
    }
}
