using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.MultiTask.Data;

namespace Microsoft.ML.MultiTask.Training
{
    /// <summary>
    /// The split of <see cref="MultiTaskTrainer.Options.ValidationFraction"/>: a seeded shuffle of the training rows,
    /// stratified by the label of the first binary, multiclass or ordinal task (a missing label is a stratum of its own), so each
    /// class keeps its share in both parts. With a ranking task, whole groups are held out instead (a group's rows are
    /// ranked against each other, so they stay together).
    /// </summary>
    internal static class ValidationSplit
    {
        public static (MultiTaskDataSet Training, MultiTaskDataSet Validation) Split(MultiTaskDataSet data, IReadOnlyList<TaskDefinition> tasks, double fraction, int seed)
        {
            var random = new Random(unchecked((seed * 31) + 17));
            int grouped = tasks.ToList().FindIndex(t => t.RelatesRowsOfAGroup);
            var held = (grouped >= 0 ? HeldOutGroups(data.Labels(grouped).ToArray(), data.RowCount, fraction, random) : HeldOutStrata(data, tasks, fraction, random)).OrderBy(r => r).ToArray();
            var isHeld = new bool[data.RowCount];
            Array.ForEach(held, r => isHeld[r] = true);
            var kept = Enumerable.Range(0, data.RowCount).Where(r => !isHeld[r]).ToArray();
            if (held.Length == 0 || kept.Length == 0)
            {
                throw new ArgumentException($"{nameof(MultiTaskTrainer.Options)}.{nameof(MultiTaskTrainer.Options.ValidationFraction)} = {fraction} of {data.RowCount} rows leaves {(held.Length == 0 ? "no validation row" : "no training row")}; use a fraction that keeps rows on both sides.");
            }
            return (data.Subset(kept), data.Subset(held));
        }

        private static List<int> HeldOutStrata(MultiTaskDataSet data, IReadOnlyList<TaskDefinition> tasks, double fraction, Random random)
        {
            int stratifyBy = tasks.ToList().FindIndex(t => t.StratifiesValidationSplit);
            var labels = stratifyBy < 0 ? null : data.Labels(stratifyBy).ToArray();
            var strata = Enumerable.Range(0, data.RowCount).GroupBy(row => labels == null ? 0f : labels[row]).OrderBy(g => g.Key).ToArray();
            var validation = new List<int>();
            foreach (var stratum in strata)
            {
                var rows = stratum.ToArray();
                DeterministicRandom.Shuffle(random, rows);
                validation.AddRange(rows.Take((int)Math.Round(rows.Length * fraction)));
            }
            return validation;
        }

        /// <summary>The rows of a seeded fraction of the groups, read from a ranking task's labels (grade, group per row).</summary>
        private static List<int> HeldOutGroups(float[] labels, int rowCount, double fraction, Random random)
        {
            // A row without a group is a group of its own.
            var byGroup = Enumerable.Range(0, rowCount).ToArray().GroupBy(row => float.IsNaN(labels[(2 * row) + 1]) ? -1 - row : (int)labels[(2 * row) + 1]).ToArray();
            DeterministicRandom.Shuffle(random, byGroup);
            return byGroup.Take((int)Math.Round(byGroup.Length * fraction)).SelectMany(g => g).ToList();
        }

    }
}
