using System;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>Reads a one-float label through a getter (NaN = missing).</summary>
    internal sealed class ScalarLabelReader : TaskLabelReader
    {
        private readonly Func<float> _getter;

        public ScalarLabelReader(Func<float> getter)
        {
            _getter = getter;
        }

        public override int Width => 1;

        public override void Read(Span<float> destination) => destination[0] = _getter();
    }
}
