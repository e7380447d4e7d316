using System;
using System.Linq;

namespace Microsoft.ML.MultiTask.Tuning
{
    /// <summary>
    /// A density on one dimension's [0, 1] from observed points, for <see cref="TreeParzenSearch"/>. On a range, as Hyperopt's
    /// adaptive Parzen estimator: a Gaussian at each point whose width is the larger gap to its neighbours (the ends of the
    /// interval count as neighbours), at least 1 / min(100, n + 1), plus a wide prior (centre 0.5, width 1); every component
    /// weighs the same and is truncated to [0, 1]. On a choice, each value's count plus one (Laplace smoothing).
    /// </summary>
    internal sealed class ParzenDensity
    {
        private readonly double[] _centres;
        private readonly double[] _widths;
        private readonly double[] _masses;
        private readonly double[]? _choiceProbabilities;
        private readonly SearchDimension? _choice;

        private ParzenDensity(double[] centres, double[] widths, double[]? choiceProbabilities, SearchDimension? choice)
        {
            _centres = centres;
            _widths = widths;
            _masses = centres.Select((c, i) => Phi((1 - c) / widths[i]) - Phi(-c / widths[i])).ToArray();
            _choiceProbabilities = choiceProbabilities;
            _choice = choice;
        }

        public static ParzenDensity OverRange(double[] points)
        {
            var sorted = points.OrderBy(p => p).ToArray();
            double least = 1.0 / Math.Min(100, sorted.Length + 1);
            var widths = sorted.Select((p, i) => Math.Clamp(Math.Max(p - (i == 0 ? 0 : sorted[i - 1]), (i == sorted.Length - 1 ? 1 : sorted[i + 1]) - p), least, 1)).ToArray();
            return new ParzenDensity(sorted.Append(0.5).ToArray(), widths.Append(1.0).ToArray(), null, null);
        }

        public static ParzenDensity OverChoices(SearchDimension dimension, int choices, double[] points)
        {
            var counts = new double[choices];
            foreach (var point in points)
            {
                counts[dimension.ChoiceAt(point)]++;
            }
            return new ParzenDensity(Array.Empty<double>(), Array.Empty<double>(), counts.Select(c => (c + 1) / (points.Length + choices)).ToArray(), dimension);
        }

        /// <summary>The density (a probability for a choice) at <paramref name="x"/>; never 0.</summary>
        public double At(double x)
        {
            if (_choiceProbabilities != null)
            {
                return _choiceProbabilities[_choice!.ChoiceAt(x)];
            }
            double sum = 0;
            for (int i = 0; i < _centres.Length; i++)
            {
                double z = (x - _centres[i]) / _widths[i];
                sum += Math.Exp(-0.5 * z * z) / (_widths[i] * Math.Sqrt(2 * Math.PI) * _masses[i]);
            }
            return Math.Max(sum / _centres.Length, 1e-300);
        }

        public double Sample(Random random)
        {
            if (_choiceProbabilities != null)
            {
                double u = random.NextDouble();
                int index = 0;
                while (index < _choiceProbabilities.Length - 1 && (u -= _choiceProbabilities[index]) > 0)
                {
                    index++;
                }
                return _choice!.PointOfChoice(index);
            }
            int component = random.Next(_centres.Length);
            // Rejection keeps the draw inside [0, 1] (each component has at least a sixth of its mass there).
            for (int attempt = 0; attempt < 100; attempt++)
            {
                double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                double x = _centres[component] + (_widths[component] * normal);
                if (x >= 0 && x <= 1)
                {
                    return x;
                }
            }
            return Math.Clamp(_centres[component], 0, 1);
        }

        /// <summary>The standard normal distribution function, from erf (Abramowitz and Stegun 7.1.26, error below 1.5e-7).</summary>
        private static double Phi(double z)
        {
            double x = Math.Abs(z) / Math.Sqrt(2);
            double t = 1 / (1 + (0.3275911 * x));
            double erf = 1 - ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
            return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
        }
    }
}
