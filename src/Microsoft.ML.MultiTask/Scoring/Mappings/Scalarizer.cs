using System;
using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.MultiTask.Scoring.Mappings
{
    /// <summary>
    /// Turns a one-slot vector (what ONNX Runtime gives for an <c>[N,1]</c> output) into a scalar, as
    /// ML.NET's binary, regression and key conventions need. Each item type has a subclass registered
    /// by contract name, so a saved model finds it again on load. Infrastructure; not for direct use.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract class Scalarizer<T> : CustomMappingFactory<OneSlotVector<T>, Scalar<T>>
    {
        /// <inheritdoc/>
        public override Action<OneSlotVector<T>, Scalar<T>> GetMapping() => (input, output) => output.Value = input.Value[0];
    }
}
