using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Microsoft.ML.MultiTask.Cli
{
    /// <summary>C# identifiers and literals for generated code.</summary>
    internal static class CSharpNames
    {
        /// <summary>A PascalCase identifier from any text ("bill_length_mm" → BillLengthMm, "2nd" → _2nd), unique within <paramref name="used"/>.</summary>
        public static string Identifier(string text, ISet<string> used)
        {
            var name = new StringBuilder();
            bool upper = true;
            foreach (char c in text)
            {
                if (char.IsLetterOrDigit(c))
                {
                    name.Append(upper ? char.ToUpperInvariant(c) : c);
                    upper = false;
                }
                else
                {
                    upper = true;
                }
            }
            if (name.Length == 0 || char.IsDigit(name[0]))
            {
                name.Insert(0, '_');
            }
            string unique = name.ToString();
            for (int n = 2; !used.Add(unique); n++)
            {
                unique = name.ToString() + n.ToString(CultureInfo.InvariantCulture);
            }
            return unique;
        }

        /// <summary>A verbatim-safe C# string literal.</summary>
        public static string Literal(string text) => "\"" + string.Concat(text.Select(c => c switch
        {
            '\\' => "\\\\",
            '"' => "\\\"",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when char.IsControl(c) => $"\\u{(int)c:x4}",
            _ => c.ToString(),
        })) + "\"";

        /// <summary>A float literal that reads back as the same value (NaN and infinities by name).</summary>
        public static string Literal(float value) => float.IsNaN(value) ? "float.NaN"
            : float.IsPositiveInfinity(value) ? "float.PositiveInfinity"
            : float.IsNegativeInfinity(value) ? "float.NegativeInfinity"
            : value.ToString("R", CultureInfo.InvariantCulture) + "f";
    }
}
