using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Encodings;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// Learned embeddings of categorical columns, in place of their one-hot slots (set
    /// <see cref="MultiTaskTrainer.Options.CategoricalEmbeddings"/>). The columns are found in the feature vector as one-hot
    /// slot groups: ML.NET's <c>Concatenate</c> names the slots of a column one-hot encoded by
    /// <c>mlContext.Transforms.Categorical.OneHotEncoding</c> <c>Column.Category</c>, and a group is used when every training
    /// row has at most one 1 in it. A column of n categories costs n × d parameters (its embedding table) instead of n inputs
    /// to every unit of the first layer. A row with no 1 in the group — a category unseen in training, which ML.NET's
    /// one-hot encoder maps to all zeros, or a missing value — gets the column's learned "unknown" vector, and so do
    /// categories with fewer than <see cref="MinimumRows"/> training rows, which is what trains that vector. The tables are
    /// written into the ONNX graph. Slots outside the groups go to <see cref="MultiTaskTrainer.Options.FeatureEncoding"/>
    /// (or to the architecture as they are).
    /// </summary>
    public sealed class CategoricalEmbeddings : ComponentOptions
    {
        /// <summary>The most categories a column may have (the table of a larger one is better hashed or treated as text).</summary>
        public const int MaxCategories = 100_000;

        /// <summary>Values per category, ≥ 1. Default null: min(16, round(1.6·n^0.56)) for a column of n categories (fastai's rule, capped at 16).</summary>
        public int? EmbeddingSize { get; set; }

        /// <summary>
        /// The columns to embed, by the name before the '.' in their slot names. Default null: every one-hot group of at
        /// least <see cref="MinimumCategories"/> slots. A named column that is missing or not one-hot is an error.
        /// </summary>
        public string[]? Columns { get; set; }

        /// <summary>The fewest slots of a group embedded when <see cref="Columns"/> is null, ≥ 2. Default 3 (a two-slot group is as good as binary).</summary>
        public int MinimumCategories { get; set; } = 3;

        /// <summary>Categories with fewer training rows than this share the column's unknown vector, ≥ 0. Default 3.</summary>
        public int MinimumRows { get; set; } = 3;

        internal void Validate(string optionName)
        {
            if (EmbeddingSize is int size && size < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(EmbeddingSize), size, $"{optionName}.{nameof(EmbeddingSize)} must be >= 1 (or null for the size chosen from the categories); got {size}.");
            }
            if (MinimumCategories < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(MinimumCategories), MinimumCategories, $"{optionName}.{nameof(MinimumCategories)} must be >= 2; got {MinimumCategories}.");
            }
            if (MinimumRows < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(MinimumRows), MinimumRows, $"{optionName}.{nameof(MinimumRows)} must be >= 0; got {MinimumRows}.");
            }
            if (Columns != null && (Columns.Length == 0 || Columns.Any(string.IsNullOrWhiteSpace)))
            {
                throw new ArgumentException($"{optionName}.{nameof(Columns)} must name at least one column and hold no empty name, or be null for every one-hot column.", nameof(Columns));
            }
        }

        /// <summary>The embedding size of a column of <paramref name="categories"/> categories.</summary>
        internal int SizeFor(int categories) => EmbeddingSize ?? Math.Min(16, Math.Max(1, (int)Math.Round(1.6 * Math.Pow(categories, 0.56))));

        /// <summary>Finds the columns, builds <paramref name="numeric"/> (or none) on the other slots, and the embedding encoder around it.</summary>
        internal FeatureEncoder Build(EncodingContext context, FeatureEncoding? numeric, string numericOptionName, Action<string> log)
        {
            var (found, notOneHot) = OneHotGroups.Find(context);
            var chosen = Columns == null
                ? found.Where(c => c.Slots.Length >= MinimumCategories).ToList()
                : Columns.Select(name => found.FirstOrDefault(c => c.Name == name) ?? throw NotFound(context, name, found, notOneHot)).ToList();
            if (chosen.Count == 0)
            {
                throw new InvalidOperationException($"{context.OptionName} found no one-hot column of at least {MinimumCategories} categories in the feature vector " +
                    $"({(context.SlotNames == null ? "it has no slot names" : found.Count == 0 ? "no slot group is one-hot" : "one-hot columns: " + Describe(found))}). " +
                    "One-hot encode categorical columns with mlContext.Transforms.Categorical.OneHotEncoding before Concatenate, which names their slots 'Column.Category'.");
            }
            var tooLarge = chosen.FirstOrDefault(c => c.Slots.Length > MaxCategories);
            if (tooLarge != null)
            {
                throw new InvalidOperationException($"{context.OptionName}: column '{tooLarge.Name}' has {tooLarge.Slots.Length} categories, over the limit of {MaxCategories}; hash it (OneHotHashEncoding) or leave it out of {nameof(Columns)}.");
            }
            if (Columns == null)
            {
                foreach (var (name, problem) in notOneHot)
                {
                    log($"{context.OptionName}: the slots named '{name}.…' are not one-hot ({problem}); they stay as they are.");
                }
            }
            foreach (var column in chosen)
            {
                int rare = column.RowCounts.Count(n => n < MinimumRows);
                log($"{context.OptionName}: column '{column.Name}', {column.Slots.Length} categories ({rare} with fewer than {MinimumRows} rows share the unknown vector), {SizeFor(column.Slots.Length)} values each.");
            }
            var embedded = new HashSet<int>(chosen.SelectMany(c => c.Slots));
            var rest = context.Restrict(Enumerable.Range(0, context.Features.Width).Where(s => !embedded.Contains(s)).ToArray(), numericOptionName);
            var inner = numeric?.Build(rest);
            try
            {
                return new CategoricalEmbeddingEncoder(rest.Slots, inner, chosen.Select(c => Table(context, c)).ToArray());
            }
            catch
            {
                inner?.DisposeWithParameters();
                throw;
            }
        }

        /// <summary>Per slot of the column: the map scaled value → 0/1 indicator (0 for a rare category, which then counts as unknown).</summary>
        private CategoricalEmbeddingEncoder.Column Table(EncodingContext context, CategoricalColumn column)
        {
            int n = column.Slots.Length;
            var scale = new float[n];
            var shift = new float[n];
            for (int i = 0; i < n; i++)
            {
                if (column.RowCounts[i] >= MinimumRows)
                {
                    (scale[i], shift[i]) = context.Unscaling(column.Slots[i]);
                }
            }
            return new CategoricalEmbeddingEncoder.Column(column.Name, column.Slots, scale, shift, SizeFor(n));
        }

        private Exception NotFound(EncodingContext context, string name, IReadOnlyList<CategoricalColumn> found, IReadOnlyDictionary<string, string> notOneHot)
            => new InvalidOperationException(notOneHot.TryGetValue(name, out var problem)
                ? $"{context.OptionName}.{nameof(Columns)} names '{name}', whose slots are not one-hot: {problem}."
                : $"{context.OptionName}.{nameof(Columns)} names '{name}', but no slot of the feature vector is named '{name}.<category>'; one-hot columns found: {(found.Count == 0 ? "none" : Describe(found))}.");

        private static string Describe(IEnumerable<CategoricalColumn> columns) => string.Join(", ", columns.Select(c => $"{c.Name} ({c.Slots.Length})"));
    }
}
