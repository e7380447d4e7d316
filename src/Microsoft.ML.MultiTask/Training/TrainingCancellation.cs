using System;
using System.Reflection;
using System.Threading;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// The two ways to stop <c>Fit</c>: <see cref="MultiTaskTrainer.Options.CancellationToken"/> and
    /// <c>MLContext.CancelExecution()</c>. Checked before every batch.
    /// </summary>
    internal sealed class TrainingCancellation
    {
        private readonly CancellationToken _token;
        private readonly Func<bool> _contextCanceled;

        public TrainingCancellation(CancellationToken token, IHost host)
        {
            _token = token;
            // ML.NET keeps CancelExecution's flag behind an internal interface; its hosts expose it as a public
            // IsCanceled property, which CancelExecution sets on every host registered from the context.
            var getter = host.GetType().GetProperty("IsCanceled", BindingFlags.Public | BindingFlags.Instance)?.GetMethod;
            _contextCanceled = getter?.ReturnType == typeof(bool)
                ? (Func<bool>)Delegate.CreateDelegate(typeof(Func<bool>), host, getter)
                : () => false;
        }

        public void ThrowIfCanceled()
        {
            _token.ThrowIfCancellationRequested();
            if (_contextCanceled())
            {
                throw new OperationCanceledException("Training was canceled by MLContext.CancelExecution().");
            }
        }
    }
}
