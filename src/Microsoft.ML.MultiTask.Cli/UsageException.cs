using System;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>Bad input from the user (a file, an option, a task): printed as one message, exit code 1, no stack trace.</summary>
    internal sealed class UsageException : Exception
    {
        public UsageException(string message)
            : base(message)
        {
        }
    }
}
