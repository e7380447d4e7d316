using System.Collections.Generic;

namespace Microsoft.ML.MultiTask.Tuning
{
    /// <summary>One tuning run's search: proposes points of the unit cube, one coordinate per dimension of the space.</summary>
    internal interface ISearchStrategy
    {
        /// <summary>The next point to try given the trials so far, or null when the method has no point left (a finished grid).</summary>
        double[]? Next(IReadOnlyList<SearchObservation> history);
    }

    /// <summary>A tried point and its objective (higher is better); null when the trial was pruned or failed.</summary>
    internal readonly record struct SearchObservation(double[] Point, double? Objective);
}
