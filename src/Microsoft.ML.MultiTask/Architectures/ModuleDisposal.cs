using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Architectures
{
    /// <summary>Releases a module's native memory now rather than at finalization.</summary>
    internal static class ModuleDisposal
    {
        /// <summary>
        /// Disposes the parameters and buffers, then the module: <c>Module.Dispose</c> alone leaves the managed
        /// parameter handles, and with them the weights' native storage, to the finalizer.
        /// </summary>
        public static void DisposeWithParameters(this nn.Module module)
        {
            foreach (var parameter in module.parameters())
            {
                parameter.Dispose();
            }
            foreach (var buffer in module.buffers())
            {
                buffer.Dispose();
            }
            module.Dispose();
        }
    }
}
