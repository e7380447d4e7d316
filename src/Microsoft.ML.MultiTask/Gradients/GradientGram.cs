using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Gradients
{
    /// <summary>
    /// What the gradient methods that solve a small problem over the tasks share: the Gram matrix of the task gradients
    /// (dot products, in double on the CPU: T is small), the weighted combination of the rows, and the projection onto
    /// the probability simplex.
    /// </summary>
    internal static class GradientGram
    {
        /// <summary>M[i, j] = gᵢ·gⱼ for the rows of <paramref name="gradients"/> ([T, D]).</summary>
        public static double[,] Of(Tensor gradients)
        {
            using var scope = NewDisposeScope();
            int tasks = (int)gradients.shape[0];
            using var values = gradients.matmul(gradients.t()).to_type(ScalarType.Float64).cpu().data<double>();
            var flat = values.ToArray();
            var gram = new double[tasks, tasks];
            for (int i = 0; i < tasks; i++)
            {
                for (int j = 0; j < tasks; j++)
                {
                    gram[i, j] = flat[(i * tasks) + j];
                }
            }
            return gram;
        }

        /// <summary>Σᵢ weights[i]·gradients[i], a [D] tensor.</summary>
        public static Tensor Combine(Tensor gradients, double[] weights)
            => tensor(weights.Select(w => (float)w).ToArray(), device: gradients.device).matmul(gradients);

        /// <summary>Mᵥ = M·v.</summary>
        public static double[] Times(double[,] gram, double[] v)
            => Enumerable.Range(0, v.Length).Select(i => Enumerable.Range(0, v.Length).Sum(j => gram[i, j] * v[j])).ToArray();

        public static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

        /// <summary>The Euclidean projection of <paramref name="v"/> onto the probability simplex (Duchi et al. 2008).</summary>
        public static double[] ProjectToSimplex(double[] v)
        {
            var sorted = v.OrderByDescending(x => x).ToArray();
            double cumulative = 0, theta = 0;
            for (int i = 0; i < sorted.Length; i++)
            {
                cumulative += sorted[i];
                double candidate = (cumulative - 1) / (i + 1);
                if (sorted[i] - candidate > 0)
                {
                    theta = candidate;
                }
            }
            return v.Select(x => Math.Max(0, x - theta)).ToArray();
        }
    }
}
