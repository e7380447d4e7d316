using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Data;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// The split of <see cref="MultiTaskTrainer.Options.ValidationFraction"/>: a seeded shuffle of the training rows,
    /// stratified by the label of the first binary or multiclass task (a missing label is a stratum of its own), so each
    /// class keeps its share in both parts.
    /// </summary>
    internal static class ValidationSplit
    {
        public static (MultiTaskDataSet Training, MultiTaskDataSet Validation) Split(MultiTaskDataSet data, IReadOnlyList<TaskDefinition> tasks, double fraction, int seed)
        {
            int stratifyBy = tasks.ToList().FindIndex(t => t.Kind == TaskKind.Binary || t.Kind == TaskKind.Multiclass);
            var labels = stratifyBy < 0 ? null : data.Labels(stratifyBy).ToArray();
            var strata = Enumerable.Range(0, data.RowCount).GroupBy(row => labels == null ? 0f : labels[row]).OrderBy(g => g.Key).ToArray();
            var random = new Random(unchecked((seed * 31) + 17));
            var validation = new List<int>();
            foreach (var stratum in strata)
            {
                var rows = stratum.ToArray();
                for (int i = rows.Length - 1; i > 0; i--)
                {
                    int j = random.Next(i + 1);
                    (rows[i], rows[j]) = (rows[j], rows[i]);
                }
                validation.AddRange(rows.Take((int)Math.Round(rows.Length * fraction)));
            }
            var held = validation.OrderBy(r => r).ToArray();
            var isHeld = new bool[data.RowCount];
            Array.ForEach(held, r => isHeld[r] = true);
            var kept = Enumerable.Range(0, data.RowCount).Where(r => !isHeld[r]).ToArray();
            if (held.Length == 0 || kept.Length == 0)
            {
                throw new ArgumentException($"{nameof(MultiTaskTrainer.Options)}.{nameof(MultiTaskTrainer.Options.ValidationFraction)} = {fraction} of {data.RowCount} rows leaves {(held.Length == 0 ? "no validation row" : "no training row")}; use a fraction that keeps rows on both sides.");
            }
            return (data.Subset(kept), data.Subset(held));
        }
    }
}
