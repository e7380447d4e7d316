using System;

namespace Microsoft.ML.MultiTask.Tasks
{
    /// <summary>
    /// Reads one task's label from the current row of a cursor as <see cref="Width"/> floats, with
    /// NaN marking "no label" (for the whole row, or for single slots of a multi-label task).
    /// </summary>
    internal abstract class TaskLabelReader
    {
        /// <summary>Floats written per row.</summary>
        public abstract int Width { get; }

        /// <summary>The first this many of a row's floats are labels, which count toward the task's mean loss; the rest describe the row (a ranking task's group).</summary>
        public virtual int CountedWidth => Width;

        /// <summary>Writes the current row's label into <paramref name="destination"/> (length <see cref="Width"/>).</summary>
        public abstract void Read(Span<float> destination);
    }
}
