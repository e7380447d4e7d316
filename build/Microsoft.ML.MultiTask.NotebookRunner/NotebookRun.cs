using System;
using System.Collections.Generic;

namespace Microsoft.ML.MultiTask.NotebookRunner
{
    /// <summary>What running a notebook gave: per code cell its outputs, and on failure the cell and the error.</summary>
    public sealed class NotebookRun
    {
        public NotebookRun(string notebook, IReadOnlyList<IReadOnlyList<CellOutput>> outputs, int? failedCell, string? error, TimeSpan elapsed)
        {
            Notebook = notebook;
            Outputs = outputs;
            FailedCell = failedCell;
            Error = error;
            Elapsed = elapsed;
        }

        public string Notebook { get; }

        /// <summary>Per code cell (in order), what it printed or displayed.</summary>
        public IReadOnlyList<IReadOnlyList<CellOutput>> Outputs { get; }

        public bool Succeeded => Error == null;

        /// <summary>The code cell (1-based, counting code cells) that failed to compile or threw; null when unknown or on success.</summary>
        public int? FailedCell { get; }

        /// <summary>The compiler errors or the exception, null on success.</summary>
        public string? Error { get; }

        public TimeSpan Elapsed { get; }

        public override string ToString() => Succeeded
            ? $"{Notebook}: ok in {Elapsed.TotalSeconds:0} s"
            : $"{Notebook}: FAILED{(FailedCell is int cell ? $" in code cell {cell}" : string.Empty)} after {Elapsed.TotalSeconds:0} s\n{Error}";
    }
}
