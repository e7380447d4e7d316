using System;
using System.Linq;
using Microsoft.ML.MultiTask.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Conflict-averse gradient descent, CAGrad (Liu et al., NeurIPS 2021): the update stays within a ball of radius
    /// c·‖g₀‖ around the average gradient g₀ and, inside it, maximizes the worst task's improvement. With w on the
    /// simplex minimizing g_wᵀg₀ + c‖g₀‖·‖g_w‖ (g_w = Σ wᵢgᵢ), the update is (g₀ + c‖g₀‖·g_w/‖g_w‖) / (1 + c²).
    /// c = 0 is plain averaging; larger c favours the worst-off task.
    /// </summary>
    public sealed class CAGrad : GradientAggregation
    {
        /// <summary>c, the radius of the ball around the average gradient relative to its norm, ≥ 0. Default 0.5 (the paper's).</summary>
        public double C { get; set; } = 0.5;

        internal override void Validate(string optionName)
        {
            if (!(C >= 0) || double.IsInfinity(C))
            {
                throw new ArgumentOutOfRangeException(nameof(C), C, $"{optionName}.{nameof(C)} must be a finite number >= 0 (default 0.5); got {C}.");
            }
        }

        internal override Gradients.GradientAggregator Build(ExtensionContext context) => new Aggregator(C);

        /// <summary>The weights of the task gradients in the update (before the 1/(1 + c²) scaling).</summary>
        internal static double[] Solve(double[,] gram, double c)
        {
            int tasks = gram.GetLength(0);
            var mean = Enumerable.Repeat(1.0 / tasks, tasks).ToArray();
            var gramMean = Gradients.GradientGram.Times(gram, mean);
            double radius = c * Math.Sqrt(Math.Max(0, Gradients.GradientGram.Dot(mean, gramMean)));
            var w = mean.ToArray();
            // Projected gradient descent on the simplex; F is convex in w.
            double scale = Enumerable.Range(0, tasks).Max(i => gram[i, i]);
            double step = scale > 0 ? 1 / scale : 1;
            for (int iteration = 0; iteration < 500; iteration++)
            {
                var gramW = Gradients.GradientGram.Times(gram, w);
                double norm = Math.Sqrt(Math.Max(1e-20, Gradients.GradientGram.Dot(w, gramW)));
                var gradient = gramMean.Zip(gramW, (a, b) => a + (radius * b / norm)).ToArray();
                var next = Gradients.GradientGram.ProjectToSimplex(w.Zip(gradient, (x, g) => x - (step * g)).ToArray());
                double change = next.Zip(w, (a, b) => Math.Abs(a - b)).Sum();
                w = next;
                if (change < 1e-10)
                {
                    break;
                }
            }
            var gramFinal = Gradients.GradientGram.Times(gram, w);
            double gwNorm = Math.Sqrt(Math.Max(0, Gradients.GradientGram.Dot(w, gramFinal)));
            double lambda = gwNorm > 1e-12 ? radius / gwNorm : 0;
            return mean.Zip(w, (m, x) => m + (lambda * x)).ToArray();
        }

        private sealed class Aggregator : Gradients.GradientAggregator
        {
            private readonly double _c;

            public Aggregator(double c)
            {
                _c = c;
            }

            public override Tensor Combine(Tensor gradients, TrainingStep step)
                => Gradients.GradientGram.Combine(gradients, Solve(Gradients.GradientGram.Of(gradients), _c).Select(w => w / (1 + (_c * _c))).ToArray());
        }
    }
}
