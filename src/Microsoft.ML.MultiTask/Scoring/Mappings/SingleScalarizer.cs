using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.MultiTask.Scoring.Mappings
{
    /// <summary>The <see cref="Scalarizer{T}"/> for Single columns. Infrastructure; not for direct use.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [CustomMappingFactoryAttribute(ContractName)]
    public sealed class SingleScalarizer : Scalarizer<float>
    {
        /// <summary>The contract name stored in model zips.</summary>
        public const string ContractName = "Microsoft.ML.MultiTask.ScalarizeSingle";
    }
}
