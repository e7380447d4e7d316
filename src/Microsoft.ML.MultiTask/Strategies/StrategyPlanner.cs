using System.Collections.Generic;
using Microsoft.ML.MultiTask.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Strategies
{
    /// <summary>What a <see cref="TrainingStrategy"/> builds: plans each step.</summary>
    internal abstract class StrategyPlanner : TrainingExtension
    {
        /// <summary>
        /// Marks in <paramref name="active"/> (all true on entry) the tasks step <paramref name="stepInEpoch"/> of
        /// <paramref name="epoch"/> trains, and returns the parameters it leaves untouched (empty for none).
        /// </summary>
        public abstract IReadOnlyCollection<Tensor> Plan(int epoch, int stepInEpoch, bool[] active);
    }
}
