using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>
    /// The MMoE paper's synthetic experiment (Ma et al., KDD 2018, §3.2): two regression tasks whose label correlation is
    /// controlled by p. u1, u2 orthonormal in R^100; w1 = c·u1, w2 = c·(p·u1 + √(1 − p²)·u2); x ~ N(0, I);
    /// y_k = w_kᵀx + Σ_{i=1..m} sin(α_i·w_kᵀx + β_i) + ε, ε ~ N(0, 0.01); c = 1, m = 10. The papers do not give α_i, β_i:
    /// they are drawn once from N(0, 1) with a fixed seed.
    /// </summary>
    public static class SyntheticTaskCorrelation
    {
        public const int Dimension = 100;
        private const int Terms = 10;

        public sealed class Row
        {
            [VectorType(Dimension)]
            public float[] Features { get; set; } = Array.Empty<float>();

            public float Y1 { get; set; }

            public float Y2 { get; set; }
        }

        /// <summary>Rows for correlation <paramref name="p"/>; <paramref name="seed"/> draws the directions and the data (α, β are fixed).</summary>
        public static List<Row> Generate(double p, int rows, int seed)
        {
            var constants = new Random(20181);
            var alpha = Enumerable.Range(0, Terms).Select(_ => constants.NextNormal()).ToArray();
            var beta = Enumerable.Range(0, Terms).Select(_ => constants.NextNormal()).ToArray();
            var random = new Random(seed);
            var (u1, u2) = Orthonormal(random);
            var w1 = u1;
            var w2 = u1.Zip(u2, (a, b) => (p * a) + (Math.Sqrt(1 - (p * p)) * b)).ToArray();
            double Label(double projection) => projection + Enumerable.Range(0, Terms).Sum(i => Math.Sin((alpha[i] * projection) + beta[i])) + (0.1 * random.NextNormal());
            return Enumerable.Range(0, rows).Select(_ =>
            {
                var x = Enumerable.Range(0, Dimension).Select(_ => random.NextNormal()).ToArray();
                return new Row
                {
                    Features = x.Select(v => (float)v).ToArray(),
                    Y1 = (float)Label(Dot(w1, x)),
                    Y2 = (float)Label(Dot(w2, x)),
                };
            }).ToList();
        }

        /// <summary>The Pearson correlation of the two labels, to show the construction does what it claims.</summary>
        public static double LabelCorrelation(IReadOnlyList<Row> rows)
        {
            double m1 = rows.Average(r => r.Y1), m2 = rows.Average(r => r.Y2);
            double cov = rows.Sum(r => (r.Y1 - m1) * (r.Y2 - m2));
            return cov / Math.Sqrt(rows.Sum(r => (r.Y1 - m1) * (r.Y1 - m1)) * rows.Sum(r => (r.Y2 - m2) * (r.Y2 - m2)));
        }

        private static (double[] U1, double[] U2) Orthonormal(Random random)
        {
            var a = Enumerable.Range(0, Dimension).Select(_ => random.NextNormal()).ToArray();
            var b = Enumerable.Range(0, Dimension).Select(_ => random.NextNormal()).ToArray();
            var u1 = Normalize(a);
            double projection = Dot(b, u1);
            return (u1, Normalize(b.Zip(u1, (x, u) => x - (projection * u)).ToArray()));
        }

        private static double[] Normalize(double[] v)
        {
            double norm = Math.Sqrt(Dot(v, v));
            return v.Select(x => x / norm).ToArray();
        }

        private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    }
}
