using System;
using System.Linq;
using Microsoft.ML.MultiTask.Gradients;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>Each gradient method's defining property, on task gradients small enough to check by hand.</summary>
    [TestClass]
    public sealed class GradientMethodTests
    {
        private static double[][] RandomGradients(int tasks, int dimension, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, tasks).Select(_ => Enumerable.Range(0, dimension).Select(_ => (random.NextDouble() * 2) - 1).ToArray()).ToArray();
        }

        private static double[,] Gram(double[][] g)
        {
            var m = new double[g.Length, g.Length];
            for (int i = 0; i < g.Length; i++)
            {
                for (int j = 0; j < g.Length; j++)
                {
                    m[i, j] = g[i].Zip(g[j], (a, b) => a * b).Sum();
                }
            }
            return m;
        }

        private static double[] Combine(double[][] g, double[] weights) => Enumerable.Range(0, g[0].Length).Select(k => g.Select((row, i) => weights[i] * row[k]).Sum()).ToArray();

        private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

        [TestMethod]
        public void MinNormGradientIsTheMinimumNormPointAndADescentDirectionForEveryTask()
        {
            CollectionAssert.AreEqual(new[] { 0.5, 0.5 }, MinNormGradient.Solve(Gram(new[] { new[] { 1.0, 0 }, new[] { 0, 1.0 } }), 250));
            // Opposite gradients: the hull holds 0, a Pareto-stationary point, and the update is zero.
            var opposite = new[] { new[] { 1.0, 2 }, new[] { -1.0, -2 } };
            Assert.AreEqual(0, Combine(opposite, MinNormGradient.Solve(Gram(opposite), 250)).Sum(Math.Abs), 1e-9);
            for (int seed = 0; seed < 5; seed++)
            {
                var g = RandomGradients(3, 8, seed);
                var alpha = MinNormGradient.Solve(Gram(g), 1000);
                Assert.AreEqual(1, alpha.Sum(), 1e-9);
                Assert.IsTrue(alpha.All(a => a >= 0));
                var d = Combine(g, alpha);
                // Optimality of the min-norm point: d·gᵢ ≥ ‖d‖² for every task (Frank-Wolfe reaches it within a small gap).
                foreach (var row in g)
                {
                    Assert.IsGreaterThanOrEqualTo(Dot(d, d) * (1 - 1e-3), Dot(d, row), $"seed {seed}");
                }
            }
        }

        [TestMethod]
        public void CAGradStaysInTheBallAroundTheAverageAndImprovesTheWorstTask()
        {
            var g = new[] { new[] { 1.0, 0.1 }, new[] { -0.6, 1.0 } };
            var mean = Combine(g, new[] { 0.5, 0.5 });
            var d = Combine(g, CAGrad.Solve(Gram(g), 0.5));
            double distance = Math.Sqrt(d.Zip(mean, (a, b) => (a - b) * (a - b)).Sum());
            Assert.AreEqual(0.5 * Math.Sqrt(Dot(mean, mean)), distance, 1e-6, "‖d − g₀‖ = c‖g₀‖");
            Assert.IsGreaterThan(g.Min(row => Dot(row, mean)), g.Min(row => Dot(row, d)), "the worst-off task improves more than under plain averaging");
            CollectionAssert.AreEqual(new[] { 0.5, 0.5 }, CAGrad.Solve(Gram(g), 0), "c = 0 is the average");
        }

        [TestMethod]
        public void ImpartialGradientHasEqualProjectionsOnEveryTasksUnitGradient()
        {
            for (int seed = 0; seed < 5; seed++)
            {
                var g = RandomGradients(4, 10, 100 + seed);
                g[1] = g[1].Select(x => x * 20).ToArray(); // a task with a far larger gradient must not dominate
                var alpha = ImpartialGradient.Solve(Gram(g));
                Assert.AreEqual(1, alpha.Sum(), 1e-9);
                var d = Combine(g, alpha);
                var projections = g.Select(row => Dot(d, row) / Math.Sqrt(Dot(row, row))).ToArray();
                foreach (double p in projections)
                {
                    Assert.AreEqual(projections[0], p, 1e-6 * (1 + Math.Abs(projections[0])), $"seed {seed}");
                }
            }
        }

        [TestMethod]
        public void GradientGramAndCombineWorkOnTensors()
        {
            using var scope = NewDisposeScope();
            var g = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
            var gram = GradientGram.Of(g);
            Assert.AreEqual(5.0, gram[0, 0]);
            Assert.AreEqual(11.0, gram[0, 1]);
            Assert.AreEqual(25.0, gram[1, 1]);
            using var values = GradientGram.Combine(g, new[] { 0.5, 2 }).data<float>();
            CollectionAssert.AreEqual(new float[] { 6.5f, 9f }, values.ToArray());
            CollectionAssert.AreEqual(new[] { 0.0, 1.0 }, GradientGram.ProjectToSimplex(new[] { -3.0, 5 }));
        }
    }
}
