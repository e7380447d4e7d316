using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Grid search: every combination of each choice's values and <see cref="PointsPerRange"/> evenly spaced values of each
    /// range (ends included, on the range's scale), by default in an order shuffled by the seed so a budget smaller than the
    /// grid still spreads over it. The run ends when the grid is done, even within the trial budget.
    /// </summary>
    public sealed class GridSearch : SearchMethod
    {
        /// <summary>Values taken from each range, ends included. Default 3.</summary>
        public int PointsPerRange { get; set; } = 3;

        /// <summary>
        /// Visit the grid in an order shuffled by the seed. Default true; false visits it in order, the last dimension
        /// changing fastest and choices in the order given.
        /// </summary>
        public bool Shuffle { get; set; } = true;

        internal override void Validate(string optionName)
        {
            if (PointsPerRange < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(PointsPerRange), PointsPerRange, $"{optionName}.{nameof(PointsPerRange)} must be at least 2 (both ends of each range); got {PointsPerRange}.");
            }
        }

        internal override Tuning.ISearchStrategy Create(SearchSpace space, int seed)
        {
            var levels = space.Select(d => d.Choices is int choices
                ? Enumerable.Range(0, choices).Select(d.PointOfChoice).ToArray()
                : Enumerable.Range(0, PointsPerRange).Select(i => (double)i / (PointsPerRange - 1)).ToArray()).ToArray();
            IEnumerable<double[]> grid = new[] { Array.Empty<double>() };
            foreach (var level in levels)
            {
                grid = grid.SelectMany(prefix => level.Select(value => prefix.Append(value).ToArray()));
            }
            var points = grid.ToArray();
            if (Shuffle)
            {
                Training.DeterministicRandom.Shuffle(new Random(seed), points);
            }
            return new Strategy(points);
        }

        private sealed class Strategy : Tuning.ISearchStrategy
        {
            private readonly double[][] _points;

            public Strategy(double[][] points) => _points = points;

            public double[]? Next(IReadOnlyList<Tuning.SearchObservation> history) => history.Count < _points.Length ? _points[history.Count] : null;
        }
    }
}
