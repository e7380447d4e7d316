using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Tasks;

namespace Microsoft.ML.MultiTask.Onnx
{
    /// <summary>
    /// Writes a fitted multi-task model as one ONNX graph: feature clean-up and scaling, the
    /// network, then each task head's output nodes.
    /// </summary>
    internal static class MultiTaskOnnxExporter
    {
        /// <param name="network">The trained network.</param>
        /// <param name="heads">The fitted task heads, in task order.</param>
        /// <param name="featureColumnName">The graph input's name, which is the feature column's.</param>
        /// <param name="featureCount">The feature vector's size.</param>
        /// <param name="scaling">Per-slot scaling applied before the network, or null.</param>
        /// <param name="replaceNonFinite">Map NaN and ±∞ features to 0 first.</param>
        /// <param name="outputs">The graph outputs and the columns they become.</param>
        /// <param name="stateOf">The trained network, whose state goes into the metadata for warm starts; null for none.</param>
        public static byte[] Export(IOnnxExportable network, IReadOnlyList<TaskHead> heads, string featureColumnName, int featureCount,
            Data.FeatureScaling? scaling, bool replaceNonFinite, out IReadOnlyList<ScoringOutput> outputs, TorchSharp.torch.nn.Module? stateOf = null)
        {
            var graph = new OnnxGraphBuilder("MultiTask") { StatePaths = stateOf == null ? null : Transfer.NetworkState.Paths(stateOf) };
            graph.AddInput(featureColumnName, OnnxElementType.Float, featureCount);
            string x = featureColumnName;
            if (replaceNonFinite)
            {
                string bad = graph.Apply("Or", "non_finite", graph.Apply("IsNaN", "is_nan", x), graph.Apply("IsInf", "is_inf", x));
                x = graph.Apply("Where", "finite", bad, graph.AddFloats("zero", new[] { 0f }, 1), x);
            }
            if (scaling != null)
            {
                if (scaling.Centers)
                {
                    x = graph.Apply("Sub", "centered", x, graph.AddFloats("feature_offset", scaling.Offset, scaling.Offset.Length));
                }
                x = graph.Apply("Mul", "scaled", x, graph.AddFloats("feature_scale", scaling.Scale, scaling.Scale.Length));
            }
            var logits = network.AppendOnnx(graph, x);
            var collector = new OnnxOutputCollector(graph);
            for (int task = 0; task < heads.Count; task++)
            {
                heads[task].AppendOutputs(graph, logits[task], collector);
            }
            graph.AddMetadata(Scoring.ModelMetadata.Key, Scoring.ModelMetadata.Describe(featureColumnName, featureCount, replaceNonFinite, heads, collector.Outputs.Select(o => o.ColumnName)).ToJson());
            if (stateOf != null)
            {
                graph.AddMetadata(Transfer.NetworkState.MetadataKey, Transfer.NetworkState.Write(stateOf, scaling, graph.StateInitializers));
            }
            outputs = collector.Outputs;
            return graph.ToBytes();
        }
    }
}
