namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>The tool's exit codes.</summary>
    internal static class ExitCodes
    {
        /// <summary>The command did what it was asked.</summary>
        public const int Success = 0;

        /// <summary>Bad input: a missing or malformed file, an unknown option value, a task that does not fit its column.</summary>
        public const int BadInput = 1;

        /// <summary>Anything else went wrong (training diverged, an I/O error while writing, a bug).</summary>
        public const int Failure = 2;

        /// <summary>Cancelled with Ctrl+C.</summary>
        public const int Cancelled = 130;
    }
}
