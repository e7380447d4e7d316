using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>docs/reliability.md quotes the error messages a user can meet; each quote must be a message the code gives.</summary>
    [TestClass]
    public sealed class ReliabilityDocTests
    {
        /// <summary>The document, copied next to the tests by the project file.</summary>
        private static readonly string DocumentPath = Path.Combine(AppContext.BaseDirectory, "docs", "reliability.md");

        /// <summary>
        /// The quoted messages of the Errors section: every `code span` with a space in it (type and member names have none).
        /// In a quote, … stands for the values of a run.
        /// </summary>
        internal static IReadOnlyList<string> QuotedMessages(string markdown)
        {
            int start = markdown.IndexOf("\n## Errors", StringComparison.Ordinal);
            Assert.IsGreaterThanOrEqualTo(0, start, "reliability.md has no Errors section");
            int end = markdown.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            string section = end < 0 ? markdown.Substring(start) : markdown.Substring(start, end - start);
            return Regex.Matches(section, "`([^`]+)`").Select(m => m.Groups[1].Value).Where(quote => quote.Contains(' ', StringComparison.Ordinal)).ToList();
        }

        /// <summary>A quote as a pattern over a whole message: literal text, with … matching any non-empty value.</summary>
        internal static Regex Pattern(string quote)
            => new Regex("^" + string.Join(".+?", quote.Split('…').Select(Regex.Escape)) + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant);

        [TestMethod]
        public void QuotesAreWholeMessagesWithEllipsisForTheValuesOfARun()
        {
            var quotes = QuotedMessages("intro `not this one`\n## Errors\n- `Model file '…' does not exist.` and `TypeName`\n## Next\n`nor this`");
            CollectionAssert.AreEqual(new[] { "Model file '…' does not exist." }, quotes.ToArray());
            Assert.IsTrue(Pattern(quotes[0]).IsMatch("Model file 'a b.zip' does not exist."));
            Assert.IsFalse(Pattern(quotes[0]).IsMatch("Model file '' does not exist."), "… stands for a value, not for nothing");
            Assert.IsFalse(Pattern(quotes[0]).IsMatch("Model file 'x' does not exist. Check the path."), "a quote is the whole message");
            Assert.IsFalse(Pattern("got [64, 0].").IsMatch("got [64, 1]."), "brackets and dots are literal");
        }

        [TestMethod]
        public void EveryErrorMessageTheDocumentQuotesIsTheMessageTheCodeGives()
        {
            var quotes = QuotedMessages(File.ReadAllText(DocumentPath));
            Assert.IsGreaterThanOrEqualTo(30, quotes.Count, "the Errors section lost its quotes");

            string folder = Path.Combine(Path.GetTempPath(), $"multitask-doc-errors-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            List<(string Case, IReadOnlyList<string> Messages)> produced;
            try
            {
                produced = DocumentedErrors.Trigger(folder).ToList();
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }

            var messages = produced.SelectMany(p => p.Messages).ToList();
            var unmatched = quotes.Where(quote => !messages.Any(Pattern(quote).IsMatch))
                // The CUDA error cannot be triggered where CUDA works.
                .Where(quote => !(torch.cuda.is_available() && quote.StartsWith("Device 'cuda' was asked for", StringComparison.Ordinal)))
                .ToList();
            Assert.IsEmpty(unmatched, "quoted in reliability.md but not what the code says:\n" + string.Join("\n", unmatched)
                + "\n\nThe code says:\n" + string.Join("\n", produced.Select(p => $"[{p.Case}] {string.Join(" || ", p.Messages)}")));
        }
    }
}
