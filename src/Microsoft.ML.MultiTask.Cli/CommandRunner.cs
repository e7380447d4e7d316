using System;
using System.IO;
using Spectre.Console;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>Runs a command's body and turns every exception into one message on stderr and an exit code (never a stack trace).</summary>
    internal static class CommandRunner
    {
        public static int Run(Func<int> body)
        {
            try
            {
                return body();
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("Cancelled.");
                return ExitCodes.Cancelled;
            }
            catch (Exception e) when (IsBadInput(e))
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
                return ExitCodes.Failure;
            }
        }

        /// <summary>
        /// The library reports bad data and options with these types and a message that names the column, value or option;
        /// they are the user's to fix, not the tool's failures.
        /// </summary>
        private static bool IsBadInput(Exception e) => e is UsageException || e is FileNotFoundException || e is DirectoryNotFoundException
            || e is InvalidDataException || e is ArgumentException || (e is InvalidOperationException && e.GetType() == typeof(InvalidOperationException));

        /// <summary>Writes plain text as it is: not wrapped at the console width, no [markup].</summary>
        public static void Line(string text) => Console.WriteLine(text);
    }
}
