using System;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// Random sources for extensions, seeded by (run seed, epoch, step, extension name), and the seeded shuffle, so a run resumed from a
    /// checkpoint draws exactly what the uninterrupted run drew. (String.GetHashCode is randomized per process, so the
    /// name is hashed here.)
    /// </summary>
    internal static class DeterministicRandom
    {
        public static Random For(int seed, int epoch, int stepInEpoch, string extension)
        {
            int hash = 17;
            foreach (char c in extension)
            {
                hash = unchecked((hash * 31) + c);
            }
            return new Random(unchecked((((seed * 1_000_003) + epoch) * 8_191) + stepInEpoch + (hash * 131)));
        }

        /// <summary>A Fisher–Yates shuffle of <paramref name="items"/> in place, the one every seeded order of the library uses.</summary>
        public static void Shuffle<T>(Random random, T[] items) => Shuffle(random, items.AsSpan());

        /// <summary>The same shuffle of a span.</summary>
        public static void Shuffle<T>(Random random, Span<T> items)
        {
            for (int i = items.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }
}
