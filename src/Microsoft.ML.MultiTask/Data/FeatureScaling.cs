using System;

namespace Microsoft.ML.MultiTask.Data
{
    /// <summary>
    /// The per-slot affine map x → (x − Offset)·Scale fitted on the training data and written into the
    /// ONNX graph. Dense data is standardized (mean 0, variance 1). Sparse data is only divided by
    /// each slot's largest absolute value, which keeps zeros at zero and the data sparse (as ML.NET's
    /// min-max normalizer with fixZero does).
    /// </summary>
    internal sealed class FeatureScaling
    {
        private FeatureScaling(float[] offset, float[] scale)
        {
            Offset = offset;
            Scale = scale;
        }

        public float[] Offset { get; }

        public float[] Scale { get; }

        /// <summary>True when some offset is not zero (so the data cannot stay sparse).</summary>
        public bool Centers => Array.Exists(Offset, o => o != 0f);

        /// <summary>A scaling fitted before (stored with a model).</summary>
        public static FeatureScaling From(float[] offset, float[] scale) => new FeatureScaling(offset, scale);

        /// <summary>Slot <paramref name="slot"/>'s value standardized, as dense storage holds it: (x − Offset)·Scale.</summary>
        public float Standardized(int slot, float value) => (value - Offset[slot]) * Scale[slot];

        /// <summary>Slot <paramref name="slot"/>'s stored value rescaled, as sparse storage holds it (zeros stay zero): x·Scale.</summary>
        public float Rescaled(int slot, float value) => value * Scale[slot];

        /// <summary>The map from per-slot sums of the stored entries (see <see cref="ScalingStatistics"/>).</summary>
        internal static FeatureScaling FromStatistics(double[] sum, double[] squares, float[] maxAbs, long rowCount, bool standardize)
        {
            int width = sum.Length;
            var offset = new float[width];
            var scale = new float[width];
            for (int slot = 0; slot < width; slot++)
            {
                if (standardize)
                {
                    double mean = sum[slot] / rowCount;
                    double deviation = Math.Sqrt(Math.Max(0, (squares[slot] / rowCount) - (mean * mean)));
                    offset[slot] = (float)mean;
                    scale[slot] = deviation > 1e-12 ? (float)(1 / deviation) : 1f;
                }
                else
                {
                    scale[slot] = maxAbs[slot] > 0 ? 1f / maxAbs[slot] : 1f;
                }
            }
            return new FeatureScaling(offset, scale);
        }
    }
}
