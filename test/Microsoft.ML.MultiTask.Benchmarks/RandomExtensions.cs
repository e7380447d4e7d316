using System;

namespace Microsoft.ML.MultiTask.Benchmarks
{
    /// <summary>Draws for the synthetic data of the benchmark and the tests.</summary>
    public static class RandomExtensions
    {
        /// <summary>A standard normal draw (Box–Muller, two uniform draws in this order, so seeded data stays the same).</summary>
        public static double NextNormal(this Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

        /// <summary>The same draw as a float.</summary>
        public static float NextNormalSingle(this Random random) => (float)random.NextNormal();
    }
}
