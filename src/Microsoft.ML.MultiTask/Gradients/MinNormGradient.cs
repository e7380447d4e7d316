using System;
using System.Linq;
using Microsoft.ML.MultiTask.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// MGDA (Sener &amp; Koltun, "Multi-Task Learning as Multi-Objective Optimization", NeurIPS 2018): the update is the
    /// point of minimum norm in the convex hull of the task gradients, found with the paper's Frank-Wolfe solver. It is
    /// a direction that decreases every task's loss (to first order) while one exists, and reaches zero at a Pareto-
    /// stationary point. Here the gradients are those of all shared parameters, the exact problem; the paper's "UB"
    /// bound on the shared representation is an approximation to save backward passes at larger scale.
    /// </summary>
    public sealed class MinNormGradient : GradientAggregation
    {
        /// <summary>Frank-Wolfe iterations at most, ≥ 1. Default 250.</summary>
        public int MaxIterations { get; set; } = 250;

        internal override void Validate(string optionName)
        {
            if (MaxIterations < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, $"{optionName}.{nameof(MaxIterations)} must be >= 1; got {MaxIterations}.");
            }
        }

        internal override Gradients.GradientAggregator Build(ExtensionContext context) => new Aggregator(MaxIterations);

        /// <summary>The simplex weights α of the min-norm point Σ αᵢgᵢ for Gram matrix <paramref name="gram"/>.</summary>
        internal static double[] Solve(double[,] gram, int maxIterations)
        {
            int tasks = gram.GetLength(0);
            var alpha = Enumerable.Repeat(1.0 / tasks, tasks).ToArray();
            for (int iteration = 0; iteration < maxIterations; iteration++)
            {
                var m = Gradients.GradientGram.Times(gram, alpha);
                int t = Array.IndexOf(m, m.Min());
                double aa = Gradients.GradientGram.Dot(alpha, m), at = m[t], tt = gram[t, t];
                // The minimum of ‖(1 − γ)·a + γ·e_t‖² over γ in [0, 1].
                double gamma = aa - (2 * at) + tt <= 1e-12 ? 0 : Math.Clamp((aa - at) / (aa - (2 * at) + tt), 0, 1);
                if (gamma < 1e-9)
                {
                    break;
                }
                for (int i = 0; i < tasks; i++)
                {
                    alpha[i] = ((1 - gamma) * alpha[i]) + (i == t ? gamma : 0);
                }
            }
            return alpha;
        }

        private sealed class Aggregator : Gradients.GradientAggregator
        {
            private readonly int _iterations;

            public Aggregator(int iterations)
            {
                _iterations = iterations;
            }

            public override Tensor Combine(Tensor gradients, TrainingStep step)
                => Gradients.GradientGram.Combine(gradients, Solve(Gradients.GradientGram.Of(gradients), _iterations));
        }
    }
}
