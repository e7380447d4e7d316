using System;
using System.Collections.Generic;
using System.Linq;
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

        private readonly string _inputName;
        private readonly Lazy<InferenceSession> _session;

        /// <param name="graph">The scoring graph's bytes.</param>
        /// <param name="inputName">The graph's input: the feature column.</param>
        /// <param name="featureCount">The feature vector's size.</param>
        /// <param name="outputNames">The graph outputs to compute.</param>
        public OnnxBatchScorer(byte[] graph, string inputName, int featureCount, IReadOnlyList<string> outputNames)
        {
            _inputName = inputName;
            FeatureCount = featureCount;
            OutputNames = outputNames;
            // Created on first use: a model that is only saved or used through PredictionEngine never pays for it.
            _session = new Lazy<InferenceSession>(() => new InferenceSession(graph));
        }

        public int FeatureCount { get; }

        /// <summary>The graph outputs, in the order <see cref="Score"/> returns them.</summary>
        public IReadOnlyList<string> OutputNames { get; }

        /// <summary>Scores <paramref name="rows"/> rows of <paramref name="features"/> (row-major, <see cref="FeatureCount"/> wide).</summary>
        /// <returns>Per output, the flat row-major values: <see cref="float"/>, <see cref="bool"/> or <see cref="string"/> arrays.</returns>
        public Array[] Score(float[] features, int rows)
        {
            var input = new DenseTensor<float>(features.AsMemory(0, rows * FeatureCount), new[] { rows, FeatureCount });
            using var results = _session.Value.Run(new[] { NamedOnnxValue.CreateFromTensor(_inputName, input) }, OutputNames);
            var byName = results.ToDictionary(r => r.Name);
            return OutputNames.Select(name => byName[name].Value switch
            {
                Tensor<float> values => (Array)values.ToArray(),
                Tensor<bool> values => values.ToArray(),
                Tensor<string> values => values.ToArray(),
                var other => throw new InvalidOperationException($"The scoring graph's output '{name}' has an unexpected type {other?.GetType().Name}."),
            }).ToArray();
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
