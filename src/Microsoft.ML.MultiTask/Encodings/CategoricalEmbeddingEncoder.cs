using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Onnx;
using Microsoft.ML.MultiTask.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Encodings
{
    /// <summary>
    /// Replaces one-hot slot groups by learned embeddings: the other slots go through the numeric encoder (or as they are),
    /// then each column's embedding follows. Per column, the scaled slots become their 0/1 indicators (x / scale + offset,
    /// 0 for rare categories), the embedding is indicators × table, plus the unknown vector times (1 − Σ indicators).
    /// </summary>
    internal sealed class CategoricalEmbeddingEncoder : FeatureEncoder
    {
        private readonly long[] _rest;
        private readonly FeatureEncoder? inner;
        private readonly ParameterList tables;
        private readonly ParameterList unknowns;
        private readonly IReadOnlyList<Column> _columns;

        /// <summary>A column's slots and the affine map of each slot to its indicator.</summary>
        public sealed record Column(string Name, int[] Slots, float[] Scale, float[] Shift, int Size);

        public CategoricalEmbeddingEncoder(IReadOnlyList<int> rest, FeatureEncoder? inner, IReadOnlyList<Column> columns)
            : base(nameof(CategoricalEmbeddings))
        {
            _rest = rest.Select(s => (long)s).ToArray();
            this.inner = inner;
            _columns = columns;
            // Uniform in ±1/√d, as the embeddings of tabular networks are initialized (rtdl, TabM).
            tables = nn.ParameterList(columns.Select(c => nn.Parameter(Uniform(c.Slots.Length, c.Size))).ToArray());
            unknowns = nn.ParameterList(columns.Select(c => nn.Parameter(Uniform(1, c.Size))).ToArray());
            OutputSize = (inner?.OutputSize ?? _rest.Length) + columns.Sum(c => c.Size);
            RegisterComponents();
        }

        public override int OutputSize { get; }

        private static Tensor Uniform(long rows, int size)
        {
            double bound = 1 / Math.Sqrt(size);
            using var width = (2 * bound).ToScalar();
            using var shift = bound.ToScalar();
            return rand(rows, size).mul_(width).sub_(shift);
        }

        public override Tensor forward(Tensor input)
        {
            var device = input.device;
            var rest = input.index_select(1, tensor(_rest, device: device));
            var parts = new List<Tensor> { inner == null ? rest : inner.forward(rest) };
            for (int i = 0; i < _columns.Count; i++)
            {
                var column = _columns[i];
                var indicators = input.index_select(1, tensor(column.Slots.Select(s => (long)s).ToArray(), device: device))
                    .mul(tensor(column.Scale, device: device)).add(tensor(column.Shift, device: device));
                var none = indicators.matmul(ones(column.Slots.Length, 1, device: device)).neg().add(tensor(1f, device: device));
                parts.Add(indicators.matmul(tables[i]).add(none.mul(unknowns[i])));
            }
            return cat(parts, 1);
        }

        public override string AppendOnnx(OnnxGraphBuilder graph, string input)
        {
            string rest = graph.GatherColumns(input, _rest, "rest");
            var parts = new List<string> { inner == null ? rest : inner.AppendOnnx(graph, rest) };
            for (int i = 0; i < _columns.Count; i++)
            {
                var column = _columns[i];
                int n = column.Slots.Length;
                string slots = graph.GatherColumns(input, column.Slots.Select(s => (long)s).ToArray(), "category");
                string indicators = graph.Apply("Add", "indicator", graph.Apply("Mul", "unscaled", slots, graph.AddFloats("category_scale", column.Scale, n)), graph.AddFloats("category_shift", column.Shift, n));
                string hot = graph.Apply("MatMul", "hot", indicators, graph.AddFloats("ones", Enumerable.Repeat(1f, n).ToArray(), n, 1));
                string none = graph.Apply("Sub", "none", graph.AddFloats("one", new[] { 1f }, 1), hot);
                string known = graph.Apply("MatMul", "embedding", indicators, graph.AddParameter("embedding_table", tables[i]));
                string unknown = graph.Apply("Mul", "unknown", none, graph.AddParameter("unknown_vector", unknowns[i]));
                parts.Add(graph.Apply("Add", "column_embedding", known, unknown));
            }
            return graph.AddNode("Concat", parts.ToArray(), graph.Unique("embedded_features"), OnnxAttribute.Int("axis", 1));
        }
    }
}
