using System;

namespace Microsoft.ML.MultiTask.Data
{
    /// <summary>
    /// Per-slot scaling by the largest absolute value seen in training, so every feature lies in
    /// [-1, 1]. It keeps zeros at zero, so sparse features stay sparse (ML.NET's min-max
    /// normalizer with fixZero does the same). The factors are written into the ONNX graph.
    /// </summary>
    internal static class FeatureScaling
    {
        /// <summary>One factor per slot: 1 / max |x|, or 1 for a slot that is always 0.</summary>
        /// <param name="indices">Slot of each stored value.</param>
        /// <param name="values">The stored (non-zero, finite) values.</param>
        /// <param name="width">Number of slots.</param>
        public static float[] MaxAbs(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, int width)
        {
            var maxAbs = new float[width];
            for (int k = 0; k < values.Length; k++)
            {
                float magnitude = MathF.Abs(values[k]);
                if (magnitude > maxAbs[indices[k]])
                {
                    maxAbs[indices[k]] = magnitude;
                }
            }
            var scale = new float[width];
            for (int slot = 0; slot < width; slot++)
            {
                scale[slot] = maxAbs[slot] > 0 ? 1f / maxAbs[slot] : 1f;
            }
            return scale;
        }
    }
}
