using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Microsoft.ML.MultiTask.Scoring
{
    /// <summary>
    /// Runs the scoring graph on many rows per ONNX Runtime call. OnnxTransformer calls ONNX Runtime once
    /// per row, which is most of the time of a batch <c>Transform</c>; one call per batch is several times
    /// faster. One session serves all cursors (<see cref="InferenceSession.Run(IReadOnlyCollection{NamedOnnxValue})"/> is thread-safe).
    /// </summary>
    internal sealed class OnnxBatchScorer : IDisposable
    {
        /// <summary>Rows per ONNX Runtime call: large enough to amortize the call, small enough to stay in cache.</summary>
        public const int BatchSize = 256;

        private readonly Lazy<InferenceSession> _session;

        /// <param name="graph">The scoring graph's bytes.</param>
        /// <param name="featureColumnName">The graph's input, which is the feature column's name.</param>
        /// <param name="featureCount">The feature vector's size.</param>
        /// <param name="outputNames">The graph outputs to compute.</param>
        /// <param name="rejectsNonFiniteFeatures">True when the graph does not replace NaN and ±∞ features, so scoring must refuse them.</param>
        public OnnxBatchScorer(byte[] graph, string featureColumnName, int featureCount, IReadOnlyList<string> outputNames, bool rejectsNonFiniteFeatures)
        {
            FeatureColumnName = featureColumnName;
            FeatureCount = featureCount;
            OutputNames = outputNames;
            RejectsNonFiniteFeatures = rejectsNonFiniteFeatures;
            // Created on first use: a model that is only saved or used through PredictionEngine never pays for it.
            _session = new Lazy<InferenceSession>(() => new InferenceSession(graph));
        }

        public string FeatureColumnName { get; }

        public int FeatureCount { get; }

        /// <summary>True when a NaN or ±∞ feature must fail scoring, as it fails training, instead of giving NaN scores.</summary>
        public bool RejectsNonFiniteFeatures { get; }

        /// <summary>The graph outputs, in the order <see cref="Score"/> returns them.</summary>
        public IReadOnlyList<string> OutputNames { get; }

        /// <summary>Scores <paramref name="rows"/> rows of <paramref name="features"/> (row-major, <see cref="FeatureCount"/> wide).</summary>
        /// <returns>Per output, the flat row-major values: <see cref="float"/>, <see cref="bool"/> or <see cref="string"/> arrays.</returns>
        public Array[] Score(float[] features, int rows)
        {
            var input = new DenseTensor<float>(features.AsMemory(0, rows * FeatureCount), new[] { rows, FeatureCount });
            using var results = _session.Value.Run(new[] { NamedOnnxValue.CreateFromTensor(FeatureColumnName, input) }, OutputNames);
            var byName = results.ToDictionary(r => r.Name);
            return OutputNames.Select(name => byName[name].Value switch
            {
                Tensor<float> values => (Array)values.ToArray(),
                Tensor<bool> values => values.ToArray(),
                Tensor<string> values => values.ToArray(),
                var other => throw new InvalidOperationException($"The scoring graph's output '{name}' has an unexpected type {other?.GetType().Name}."),
            }).ToArray();
        }

        /// <summary>
        /// Throws, naming the row and slot, when a feature row holds NaN or ±∞: a graph that does not replace them would
        /// score NaN, so scoring fails as training does.
        /// </summary>
        public void CheckFinite(ReadOnlySpan<float> features, long row)
        {
            // x - x is 0 for finite x and NaN otherwise: whole vectors at a time, then the rest (or the failing vector) slot by slot.
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(features);
            int start = 0;
            while (start < vectors.Length && Vector.EqualsAll(vectors[start] - vectors[start], Vector<float>.Zero))
            {
                start++;
            }
            for (int slot = start * Vector<float>.Count; slot < features.Length; slot++)
            {
                if (!float.IsFinite(features[slot]))
                {
                    throw new InvalidOperationException(Data.DataSetReader.NonFiniteFeatureMessage(FeatureColumnName, features[slot], row, slot) +
                        $" The model was trained with {nameof(MultiTaskTrainer.Options)}.{nameof(MultiTaskTrainer.Options.ReplaceNonFiniteFeatures)} = false, so it would score NaN: " +
                        $"replace missing values before scoring (mlContext.Transforms.ReplaceMissingValues), or train with {nameof(MultiTaskTrainer.Options)}.{nameof(MultiTaskTrainer.Options.ReplaceNonFiniteFeatures)} = true to read them as 0.");
                }
            }
        }

        public void Dispose()
        {
            if (_session.IsValueCreated)
            {
                _session.Value.Dispose();
            }
        }
    }
}
