using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Onnx;
using Microsoft.ML.MultiTask.Scoring.Mappings;
using Microsoft.ML.MultiTask.Tasks;

namespace Microsoft.ML.MultiTask.Scoring
{
    /// <summary>
    /// Builds the stock ML.NET estimator chain that scores with the exported graph: ONNX Runtime
    /// through OnnxTransformer, then one-slot outputs turned into scalar (or key) columns of the same
    /// name, which hide them, and the working columns dropped. Only stock transforms and this library's registered
    /// custom mappings are used, so <c>mlContext.Model.Save</c> can store the fitted chain.
    /// </summary>
    internal static class ScoringChainBuilder
    {
        public static EstimatorChain<ITransformer> Create(MLContext mlContext, string onnxPath, string featureColumnName, IReadOnlyList<ScoringOutput> outputs)
        {
            // One flat EstimatorChain: IEstimator.Append would nest a chain per step, adding a layer per row.
            var chain = new EstimatorChain<ITransformer>();
            void Add(IEstimator<ITransformer> estimator) => chain = chain.Append<ITransformer>(estimator);

            Add(mlContext.Transforms.ApplyOnnxModel(outputs.Select(o => o.ColumnName).ToArray(), new[] { featureColumnName }, onnxPath));
            bool anyScalar = false;
            foreach (var output in outputs.Where(o => o.Scalar))
            {
                Add(mlContext.Transforms.CopyColumns(OneSlotVector<float>.ColumnName, output.ColumnName));
                Add(Scalarize(mlContext, output.ElementType));
                if (output.KeyClasses != null)
                {
                    var keyData = mlContext.Data.LoadFromEnumerable(output.KeyClasses.Select(name => new ClassName { Name = name }));
                    Add(mlContext.Transforms.Conversion.MapValueToKey(output.ColumnName, Scalar<string>.ColumnName, keyData: keyData));
                }
                else
                {
                    Add(mlContext.Transforms.CopyColumns(output.ColumnName, Scalar<float>.ColumnName));
                }
                anyScalar = true;
            }
            if (anyScalar)
            {
                Add(mlContext.Transforms.DropColumns(OneSlotVector<float>.ColumnName, Scalar<float>.ColumnName));
            }
            return chain;
        }

        private static IEstimator<ITransformer> Scalarize(MLContext mlContext, OnnxElementType type) => type switch
        {
            OnnxElementType.Bool => mlContext.Transforms.CustomMapping(new BooleanScalarizer().GetMapping(), BooleanScalarizer.ContractName),
            OnnxElementType.String => mlContext.Transforms.CustomMapping(new TextScalarizer().GetMapping(), TextScalarizer.ContractName),
            _ => mlContext.Transforms.CustomMapping(new SingleScalarizer().GetMapping(), SingleScalarizer.ContractName),
        };

        /// <summary>One key value of a multiclass PredictedLabel key.</summary>
        private sealed class ClassName
        {
            public string Name { get; set; } = string.Empty;
        }
    }
}
