using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// Describes an options object by its public properties, e.g. <c>HardSharing(SharedLayers=[128, 64])</c>.
    /// Read by reflection, so an option added to an extension is part of the checkpoint fingerprint without being listed.
    /// </summary>
    internal static class OptionDescription
    {
        public static string Of(object? options)
        {
            if (options == null)
            {
                return "none";
            }
            var type = options.GetType();
            var settings = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => $"{p.Name}={Value(p.GetValue(options))}");
            return $"{type.Name}({string.Join(", ", settings)})";
        }

        /// <summary>A value as text that round-trips doubles exactly and lists collections.</summary>
        public static string Value(object? value) => value switch
        {
            null => "null",
            string text => text,
            double number => number.ToString("R", CultureInfo.InvariantCulture),
            float number => number.ToString("R", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            IDictionary dictionary => "{" + string.Join(", ", dictionary.Keys.Cast<object>().Select(k => $"{Value(k)}: {Value(dictionary[k])}").OrderBy(s => s, StringComparer.Ordinal)) + "}",
            IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Value)) + "]",
            _ => value.ToString() ?? string.Empty,
        };
    }
}
