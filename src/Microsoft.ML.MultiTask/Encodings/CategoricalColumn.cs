using System.Collections.Generic;

namespace Microsoft.ML.MultiTask.Encodings
{
    /// <summary>A one-hot slot group of the feature vector: the source column's name, its slots and categories, and the training rows of each category.</summary>
    internal sealed class CategoricalColumn
    {
        public CategoricalColumn(string name, int[] slots, string[] categories, int[] rowCounts)
        {
            Name = name;
            Slots = slots;
            Categories = categories;
            RowCounts = rowCounts;
        }

        public string Name { get; }

        public int[] Slots { get; }

        public IReadOnlyList<string> Categories { get; }

        public int[] RowCounts { get; }
    }
}
