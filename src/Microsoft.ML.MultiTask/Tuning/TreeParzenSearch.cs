using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// The Tree-structured Parzen Estimator (Bergstra et al., NeurIPS 2011), the model-based search of Hyperopt and Optuna:
    /// after <see cref="StartupTrials"/> random trials it splits the trials into the best <see cref="GoodFraction"/> and the
    /// rest, models each group's density per dimension (Gaussian kernels on ranges, smoothed frequencies on choices), draws
    /// <see cref="Candidates"/> points from the good density and tries the one where good density / rest density is highest.
    /// Pruned and failed trials count among the rest.
    /// </summary>
    public sealed class TreeParzenSearch : SearchMethod
    {
        /// <summary>Random trials before the model takes over. Default 8.</summary>
        public int StartupTrials { get; set; } = 8;

        /// <summary>The share of trials (the best ones) that model the good density (γ). Default 0.25.</summary>
        public double GoodFraction { get; set; } = 0.25;

        /// <summary>Points drawn from the good density per trial; the best ratio wins. Default 24.</summary>
        public int Candidates { get; set; } = 24;

        internal override void Validate(string optionName)
        {
            if (StartupTrials < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(StartupTrials), StartupTrials, $"{optionName}.{nameof(StartupTrials)} must be at least 2 (the model needs trials to split); got {StartupTrials}.");
            }
            if (!(GoodFraction > 0 && GoodFraction < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(GoodFraction), GoodFraction, $"{optionName}.{nameof(GoodFraction)} must be in (0, 1) (default 0.25); got {GoodFraction}.");
            }
            if (Candidates < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Candidates), Candidates, $"{optionName}.{nameof(Candidates)} must be at least 1; got {Candidates}.");
            }
        }

        internal override Tuning.ISearchStrategy Create(SearchSpace space, int seed) => new Strategy(this, space, seed);

        private sealed class Strategy : Tuning.ISearchStrategy
        {
            private readonly TreeParzenSearch _options;
            private readonly SearchDimension[] _dimensions;
            private readonly Random _random;

            public Strategy(TreeParzenSearch options, SearchSpace space, int seed)
            {
                _options = options;
                _dimensions = space.ToArray();
                _random = new Random(seed);
            }

            public double[]? Next(IReadOnlyList<Tuning.SearchObservation> history)
            {
                if (history.Count < _options.StartupTrials)
                {
                    return _dimensions.Select(_ => _random.NextDouble()).ToArray();
                }
                // A stable order: ties keep the trial order, so the same trials give the same split.
                var ranked = history.Select((o, i) => (o, i)).OrderByDescending(p => p.o.Objective ?? double.NegativeInfinity).ThenBy(p => p.i).Select(p => p.o.Point).ToArray();
                int good = Math.Clamp((int)Math.Ceiling(_options.GoodFraction * ranked.Length), 1, ranked.Length - 1);
                var goodModels = _dimensions.Select((d, k) => Density(d, ranked.Take(good).Select(p => p[k]).ToArray())).ToArray();
                var restModels = _dimensions.Select((d, k) => Density(d, ranked.Skip(good).Select(p => p[k]).ToArray())).ToArray();
                double[]? best = null;
                double bestScore = double.NegativeInfinity;
                for (int c = 0; c < _options.Candidates; c++)
                {
                    var point = goodModels.Select(m => m.Sample(_random)).ToArray();
                    double score = point.Select((x, k) => Math.Log(goodModels[k].At(x)) - Math.Log(restModels[k].At(x))).Sum();
                    if (score > bestScore)
                    {
                        (best, bestScore) = (point, score);
                    }
                }
                return best;
            }

            private static Tuning.ParzenDensity Density(SearchDimension dimension, double[] points)
                => dimension.Choices is int choices ? Tuning.ParzenDensity.OverChoices(dimension, choices, points) : Tuning.ParzenDensity.OverRange(points);
        }
    }
}
