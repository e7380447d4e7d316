using System;
using System.Linq;
using Microsoft.ML.MultiTask.Encodings;
using Microsoft.ML.MultiTask.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Periodic embeddings of numeric features, "PLR" (Gorishniy, Rubachev and Babenko, NeurIPS 2022): each numeric slot x
    /// becomes ReLU(Linear([cos 2πcx, sin 2πcx])), with k trained frequencies c per slot drawn from N(0, σ) and a linear
    /// map of its own per slot to <see cref="EmbeddingSize"/> values. Other slots (binary, one-hot) pass through. The
    /// frequencies and maps train with the network and are written into the ONNX graph.
    /// </summary>
    public sealed class PeriodicEncoding : FeatureEncoding
    {
        /// <summary>Frequencies k per numeric slot, ≥ 1. Default 16.</summary>
        public int Frequencies { get; set; } = 16;

        /// <summary>σ of the normal the frequencies start from, &gt; 0 (on the standardized features). Default 0.01.</summary>
        public double Sigma { get; set; } = 0.01;

        /// <summary>Values each numeric slot becomes, ≥ 1. Default 16.</summary>
        public int EmbeddingSize { get; set; } = 16;

        /// <summary>The slots to encode. Default null: every slot whose training values are not all 0 or 1.</summary>
        public int[]? NumericSlots { get; set; }

        internal override void Validate(string optionName)
        {
            foreach (var (value, name) in new[] { (Frequencies, nameof(Frequencies)), (EmbeddingSize, nameof(EmbeddingSize)) })
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException(name, value, $"{optionName}.{name} must be >= 1; got {value}.");
                }
            }
            if (!(Sigma > 0) || double.IsInfinity(Sigma))
            {
                throw new ArgumentOutOfRangeException(nameof(Sigma), Sigma, $"{optionName}.{nameof(Sigma)} must be a finite number > 0 (default 0.01); got {Sigma}.");
            }
            Encodings.NumericSlots.Validate(NumericSlots, optionName, nameof(NumericSlots));
        }

        internal override FeatureEncoder Build(EncodingContext context)
        {
            var numeric = Encodings.NumericSlots.Find(context, NumericSlots, nameof(NumericSlots), out _).Select(n => (long)n.Position).ToArray();
            return new Encoder(context.InputSize, numeric, Frequencies, Sigma, EmbeddingSize);
        }

        private sealed class Encoder : NumericSlotEncoder
        {
            private readonly Parameter frequencies;
            private readonly Parameter weight;
            private readonly Parameter bias;
            private readonly int _embedding;

            public Encoder(int width, long[] numeric, int k, double sigma, int embedding)
                : base(nameof(PeriodicEncoding), width, numeric, embedding)
            {
                _embedding = embedding;
                int m = Math.Max(1, numeric.Length);
                // One linear map [2k → d] per slot, initialized uniformly in ±1/√(2k) as nn.Linear would be.
                double bound = 1 / Math.Sqrt(2 * k);
                using var scale = sigma.ToScalar();
                using var width2 = (2 * bound).ToScalar();
                using var shift = bound.ToScalar();
                frequencies = nn.Parameter(randn(m, k).mul_(scale));
                weight = nn.Parameter(rand(m, 2 * k, embedding).mul_(width2).sub_(shift));
                bias = nn.Parameter(rand(m, embedding).mul_(width2).sub_(shift));
                RegisterComponents();
            }

            /// <summary>[B, m, 1] · 2π·c[m, k] → [B, m, k]; cos and sin → [B, m, 2k]; per slot [2k → d] as [B, m, 1, 2k] × [m, 2k, d].</summary>
            protected override Tensor Encode(Tensor numeric)
            {
                var angles = numeric.unsqueeze(2).mul(frequencies.mul(tensor(2 * MathF.PI, device: numeric.device)));
                var periodic = cat(new[] { angles.cos(), angles.sin() }, 2).unsqueeze(2);
                return periodic.matmul(weight).reshape(-1, NumericCount, _embedding).add(bias).relu().reshape(-1, NumericCount * _embedding);
            }

            protected override string AppendEncoding(OnnxGraphBuilder graph, string numeric)
            {
                int m = NumericCount, k = (int)frequencies.shape[1];
                var scaled = Training.TensorValues.Of(frequencies).Select(c => c * 2 * MathF.PI).ToArray();
                string column = graph.Apply("Unsqueeze", "numeric_column", numeric, graph.AddInt64s("axis", new[] { 2L }, 1));
                string angles = graph.Apply("Mul", "angles", column, graph.AddFloats("frequencies", scaled, m, k));
                string periodic = graph.AddNode("Concat", new[] { graph.Apply("Cos", "cos", angles), graph.Apply("Sin", "sin", angles) }, graph.Unique("periodic"), OnnxAttribute.Int("axis", 2));
                string rows = graph.Apply("Unsqueeze", "periodic_rows", periodic, graph.AddInt64s("axis", new[] { 2L }, 1));
                string mapped = graph.Apply("MatMul", "mapped", rows, graph.AddFloats("embedding_weight", Training.TensorValues.Of(weight), m, 2 * k, _embedding));
                string slots = graph.Apply("Reshape", "per_slot", mapped, graph.AddInt64s("shape", new[] { -1L, m, _embedding }, 3));
                string embedded = graph.Apply("Relu", "embedded", graph.Apply("Add", "biased", slots, graph.AddFloats("embedding_bias", Training.TensorValues.Of(bias), m, _embedding)));
                return graph.Apply("Reshape", "embeddings", embedded, graph.AddInt64s("shape", new[] { -1L, m * _embedding }, 2));
            }
        }
    }
}
