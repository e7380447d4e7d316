using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.Evaluation
{
    /// <summary>
    /// Splits scored data by the values of a group column (mapped to keys with ML.NET's value-to-key transform, then
    /// filtered by key) and evaluates every task on each group. A task that a group cannot measure (no labelled rows, one
    /// class only for AUC) has no metrics there.
    /// </summary>
    internal static class GroupEvaluator
    {
        private const string KeyColumn = "MultiTask.GroupKey";
        private const string IndexColumn = nameof(GroupIndex.Value);

        public static GroupedMetrics Evaluate(MLContext ml, IDataView data, IReadOnlyList<TaskDefinition> tasks, string groupColumnName)
        {
            var column = data.Schema.GetColumnOrNull(groupColumnName)
                ?? throw new ArgumentOutOfRangeException(nameof(groupColumnName), $"Group column '{groupColumnName}' was not found in the data. Available columns: {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
            var type = column.Type;
            if (!(type is TextDataViewType || type is BooleanDataViewType || type is NumberDataViewType || type is KeyDataViewType))
            {
                throw new ArgumentOutOfRangeException(nameof(groupColumnName), $"Group column '{groupColumnName}' has type {type}; expected text, Boolean, a number or a key (one value per row).");
            }
            IEstimator<ITransformer> keys = type is KeyDataViewType
                ? ml.Transforms.Conversion.MapKeyToValue(KeyColumn + ".Value", groupColumnName).Append(ml.Transforms.Conversion.MapValueToKey(KeyColumn, KeyColumn + ".Value"))
                : ml.Transforms.Conversion.MapValueToKey(KeyColumn, groupColumnName);
            var withKeys = keys.Fit(data).Transform(data);
            var names = KeyNames(withKeys.Schema[KeyColumn]);
            // The key's number as Single, which the range filter reads (ML.NET converts keys only to other keys or their values).
            var input = SchemaDefinition.Create(typeof(KeyNumber));
            var key = input[nameof(KeyNumber.Key)];
            (key.ColumnName, key.ColumnType) = (KeyColumn, new KeyDataViewType(typeof(uint), names.Length));
            var keyed = ml.Transforms.CustomMapping<KeyNumber, GroupIndex>((number, index) => index.Value = number.Key, contractName: null, inputSchemaDefinition: input)
                .Fit(withKeys).Transform(withKeys);
            var groups = names.Select((name, i) =>
            {
                var rows = ml.Data.FilterRowsByColumn(keyed, IndexColumn, i + 0.5, i + 1.5);
                var metrics = tasks.Select(task => TryEvaluate(ml, task, rows)).Where(m => m != null).Select(m => m!).ToArray();
                return new GroupMetrics(name, Count(rows), new MultiTaskMetrics(metrics));
            }).ToArray();
            return new GroupedMetrics(groupColumnName, tasks.Select(t => t.Name).ToArray(), groups);
        }

        private sealed class KeyNumber
        {
            public uint Key { get; set; }
        }

        private sealed class GroupIndex
        {
            public float Value { get; set; }
        }

        /// <summary>The task's metrics on the group's rows, or null when the group cannot measure it.</summary>
        private static TaskMetrics? TryEvaluate(MLContext ml, TaskDefinition task, IDataView rows)
        {
            try
            {
                return task.Evaluate(ml, rows);
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException)
            {
                return null;
            }
        }

        private static string[] KeyNames(DataViewSchema.Column column)
        {
            var values = default(VBuffer<ReadOnlyMemory<char>>);
            column.GetKeyValues(ref values);
            return values.DenseValues().Select(v => v.ToString()).ToArray();
        }

        private static long Count(IDataView data)
        {
            long rows = 0;
            using var cursor = data.GetRowCursor(Array.Empty<DataViewSchema.Column>());
            while (cursor.MoveNext())
            {
                rows++;
            }
            return rows;
        }
    }
}
