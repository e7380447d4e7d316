using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.MultiTask.Scoring.Mappings
{
    /// <summary>The <see cref="Scalarizer{T}"/> for Boolean columns. Infrastructure; not for direct use.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [CustomMappingFactoryAttribute(ContractName)]
    public sealed class BooleanScalarizer : Scalarizer<bool>
    {
        /// <summary>The contract name stored in model zips.</summary>
        public const string ContractName = "Microsoft.ML.MultiTask.ScalarizeBoolean";
    }
}
