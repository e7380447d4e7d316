using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>A detached copy of a network's parameters (the best epoch's), restorable in place.</summary>
    internal sealed class WeightSnapshot : IDisposable
    {
        private List<Tensor> _copies = new List<Tensor>();

        public bool IsEmpty => _copies.Count == 0;

        public IReadOnlyList<Tensor> Copies => _copies;

        public void Capture(IEnumerable<Tensor> parameters)
        {
            Dispose();
            using (no_grad())
            {
                // Under no_grad a clone records no graph, so no detach() (whose wrapper would be left undisposed) is needed.
                _copies = parameters.Select(p => p.clone().DetachFromDisposeScope()).ToList();
            }
        }

        public void Restore(IReadOnlyList<Tensor> parameters)
        {
            if (IsEmpty)
            {
                return;
            }
            using (no_grad())
            {
                for (int i = 0; i < parameters.Count; i++)
                {
                    parameters[i].copy_(_copies[i]);
                }
            }
        }

        public void Dispose()
        {
            foreach (var copy in _copies)
            {
                copy.Dispose();
            }
            _copies = new List<Tensor>();
        }
    }
}
