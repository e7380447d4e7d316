using System.Linq;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>Key-typed label columns whose key values are given, so a text value not among them becomes key 0 (missing).</summary>
    internal static class KeyLabels
    {
        public static IDataView MapToKey(MLContext ml, IDataView data, string outputColumnName, string inputColumnName, params string[] classes)
        {
            var keyData = ml.Data.LoadFromEnumerable(classes.Select(c => new ClassRow { Class = c }));
            return ml.Transforms.Conversion.MapValueToKey(outputColumnName, inputColumnName, keyData: keyData).Fit(data).Transform(data);
        }

        private sealed class ClassRow
        {
            public string Class { get; set; } = string.Empty;
        }
    }
}
