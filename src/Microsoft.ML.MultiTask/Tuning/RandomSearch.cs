using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask
{
    /// <summary>Random search (Bergstra and Bengio, 2012): every trial draws each dimension uniformly (a range on its scale, a choice with equal chances).</summary>
    public sealed class RandomSearch : SearchMethod
    {
        internal override void Validate(string optionName)
        {
        }

        internal override Tuning.ISearchStrategy Create(SearchSpace space, int seed) => new Strategy(space.Count, seed);

        private sealed class Strategy : Tuning.ISearchStrategy
        {
            private readonly int _dimensions;
            private readonly Random _random;

            public Strategy(int dimensions, int seed)
            {
                _dimensions = dimensions;
                _random = new Random(seed);
            }

            public double[]? Next(IReadOnlyList<Tuning.SearchObservation> history) => Enumerable.Range(0, _dimensions).Select(_ => _random.NextDouble()).ToArray();
        }
    }
}
