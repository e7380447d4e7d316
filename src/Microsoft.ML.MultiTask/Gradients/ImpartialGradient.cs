using System;
using System.Linq;
using Microsoft.ML.MultiTask.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// IMTL-G, the gradient half of impartial multi-task learning (Liu et al., ICLR 2021): the update d = Σ αᵢgᵢ
    /// (Σ αᵢ = 1) has the same projection on every task's unit gradient, d·uᵢ = d·uⱼ, so no task dominates the shared
    /// parameters. Closed form with one (T−1)×(T−1) solve per step.
    /// </summary>
    public sealed class ImpartialGradient : GradientAggregation
    {
        internal override void Validate(string optionName)
        {
        }

        internal override Gradients.GradientAggregator Build(ExtensionContext context) => new Aggregator();

        /// <summary>The weights α from the Gram matrix: α₂..ₜ = g₁Uᵀ(DUᵀ)⁻¹ with D rows g₁ − gᵢ, U rows u₁ − uᵢ; α₁ = 1 − Σ.</summary>
        internal static double[] Solve(double[,] gram)
        {
            int tasks = gram.GetLength(0);
            if (tasks == 1)
            {
                return new[] { 1.0 };
            }
            var norms = Enumerable.Range(0, tasks).Select(i => Math.Sqrt(Math.Max(gram[i, i], 1e-20))).ToArray();
            // g_a·u_b = M[a, b] / ‖g_b‖.
            double GU(int a, int b) => gram[a, b] / norms[b];
            int n = tasks - 1;
            var du = new double[n, n];
            var rhs = new double[n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    // (g₀ − g_{i+1})·(u₀ − u_{j+1})
                    du[i, j] = GU(0, 0) - GU(0, j + 1) - GU(i + 1, 0) + GU(i + 1, j + 1);
                }
                rhs[i] = GU(0, 0) - GU(0, i + 1);
            }
            // α_rest solves (DUᵀ)ᵀ α = (g₀Uᵀ)ᵀ, written as Aᵀx = b.
            var alpha = SolveTransposed(du, rhs);
            return new[] { 1 - alpha.Sum() }.Concat(alpha).ToArray();
        }

        /// <summary>Solves Aᵀx = b by Gaussian elimination with partial pivoting (n is the number of tasks minus one).</summary>
        private static double[] SolveTransposed(double[,] a, double[] b)
        {
            int n = b.Length;
            var m = new double[n, n + 1];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    m[i, j] = a[j, i];
                }
                m[i, n] = b[i];
            }
            for (int col = 0; col < n; col++)
            {
                int pivot = Enumerable.Range(col, n - col).OrderByDescending(r => Math.Abs(m[r, col])).First();
                if (Math.Abs(m[pivot, col]) < 1e-18)
                {
                    // Parallel task gradients: any split is impartial; keep the uniform one.
                    return Enumerable.Repeat(1.0 / (n + 1), n).ToArray();
                }
                for (int j = 0; j <= n; j++)
                {
                    (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
                }
                for (int r = 0; r < n; r++)
                {
                    if (r != col)
                    {
                        double factor = m[r, col] / m[col, col];
                        for (int j = col; j <= n; j++)
                        {
                            m[r, j] -= factor * m[col, j];
                        }
                    }
                }
            }
            return Enumerable.Range(0, n).Select(i => m[i, n] / m[i, i]).ToArray();
        }

        private sealed class Aggregator : Gradients.GradientAggregator
        {
            public override Tensor Combine(Tensor gradients, TrainingStep step)
                => Gradients.GradientGram.Combine(gradients, Solve(Gradients.GradientGram.Of(gradients)));
        }
    }
}
