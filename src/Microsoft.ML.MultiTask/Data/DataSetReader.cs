using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Tasks;

namespace Microsoft.ML.MultiTask.Data
{
    /// <summary>
    /// Reads an <see cref="IDataView"/> in one pass: the feature vector of every row (kept sparse
    /// when mostly zeros) and every task's label. Checks features for non-finite values.
    /// </summary>
    internal static class DataSetReader
    {
        /// <summary>Above this fraction of non-zeros the features are stored densely.</summary>
        private const double DenseThreshold = 0.25;

        /// <summary>Checks that the feature column exists and is a known-size vector of Single.</summary>
        public static DataViewSchema.Column GetFeatureColumn(DataViewSchema schema, string featureColumnName, string dataName)
        {
            var column = schema.GetColumnOrNull(featureColumnName);
            if (column == null)
            {
                throw new ArgumentOutOfRangeException(nameof(featureColumnName),
                    $"Feature column '{featureColumnName}' was not found in the {dataName}. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
            }
            if (!(column.Value.Type is VectorDataViewType vector) || vector.ItemType != NumberDataViewType.Single || !vector.IsKnownSize)
            {
                throw new ArgumentOutOfRangeException(nameof(featureColumnName),
                    $"Feature column '{featureColumnName}' has type {column.Value.Type}; expected a known-size vector of Single (use mlContext.Transforms.Concatenate to build one).");
            }
            return column.Value;
        }

        /// <summary>Checks that the example weight column exists and is Single (ML.NET's weight columns are).</summary>
        private static DataViewSchema.Column GetWeightColumn(DataViewSchema schema, string name, string dataName)
        {
            var column = schema.GetColumnOrNull(name);
            if (column == null)
            {
                throw new ArgumentOutOfRangeException(nameof(MultiTaskTrainer.Options.ExampleWeightColumnName),
                    $"Example weight column '{name}' was not found in the {dataName}. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
            }
            if (column.Value.Type != NumberDataViewType.Single)
            {
                throw new ArgumentOutOfRangeException(nameof(MultiTaskTrainer.Options.ExampleWeightColumnName),
                    $"Example weight column '{name}' has type {column.Value.Type}; expected Single (convert it with mlContext.Transforms.Conversion.ConvertType).");
            }
            return column.Value;
        }

        /// <summary>The slot names of a vector column (ML.NET's <c>SlotNames</c> annotation), or null when it has none.</summary>
        public static IReadOnlyList<string>? SlotNames(DataViewSchema.Column column)
        {
            if (!column.HasSlotNames())
            {
                return null;
            }
            VBuffer<ReadOnlyMemory<char>> names = default;
            column.GetSlotNames(ref names);
            return names.DenseValues().Select(n => n.ToString()).ToArray();
        }

        /// <param name="data">The data to read.</param>
        /// <param name="featureColumnName">The feature column.</param>
        /// <param name="weightColumnName">The example weight column (Single, finite, ≥ 0), or null for none.</param>
        /// <param name="labelColumns">One label column per task, in task order.</param>
        /// <param name="createLabelReader">Creates task i's label reader over a cursor.</param>
        /// <param name="replaceNonFinite">Replace NaN and ±∞ features by 0 instead of failing.</param>
        /// <param name="scaling">The scaling fitted on training data, or null for none (or to fit one).</param>
        /// <param name="fitScaling">Fit the scaling on this data instead: standardize when stored dense, max-abs when sparse.</param>
        /// <param name="dataName">"training data" or "validation set", for messages.</param>
        /// <param name="labelReaders">The readers used, in task order.</param>
        /// <param name="contextColumns">Other columns the label readers read (a ranking task's group column).</param>
        public static MultiTaskDataSet Read(
            IDataView data,
            string featureColumnName,
            string? weightColumnName,
            IReadOnlyList<DataViewSchema.Column> labelColumns,
            Func<DataViewRow, DataViewSchema.Column, int, TaskLabelReader> createLabelReader,
            bool replaceNonFinite,
            FeatureScaling? scaling,
            bool fitScaling,
            string dataName,
            out TaskLabelReader[] labelReaders,
            IEnumerable<DataViewSchema.Column>? contextColumns = null)
        {
            var featureColumn = GetFeatureColumn(data.Schema, featureColumnName, dataName);
            int width = ((VectorDataViewType)featureColumn.Type).Size;
            var rowStarts = new List<long> { 0 };
            var indices = new List<int>();
            var values = new List<float>();
            var labels = labelColumns.Select(_ => new List<float>()).ToArray();
            var weightColumn = weightColumnName == null ? (DataViewSchema.Column?)null : GetWeightColumn(data.Schema, weightColumnName, dataName);
            var weights = weightColumn == null ? null : new List<float>();

            var columns = labelColumns.Append(featureColumn).Concat(contextColumns ?? Enumerable.Empty<DataViewSchema.Column>());
            using (var cursor = data.GetRowCursor((weightColumn == null ? columns : columns.Append(weightColumn.Value)).Distinct()))
            {
                var featureGetter = cursor.GetGetter<VBuffer<float>>(featureColumn);
                var weightGetter = weightColumn == null ? null : cursor.GetGetter<float>(weightColumn.Value);
                float weight = 0;
                labelReaders = labelColumns.Select((column, task) => createLabelReader(cursor, column, task)).ToArray();
                var labelRow = new float[labelReaders.Length == 0 ? 0 : labelReaders.Max(r => r.Width)];
                VBuffer<float> features = default;
                int row = 0;
                while (cursor.MoveNext())
                {
                    featureGetter(ref features);
                    if (weightGetter != null)
                    {
                        weightGetter(ref weight);
                        if (!float.IsFinite(weight) || weight < 0)
                        {
                            throw new InvalidOperationException($"Example weight column '{weightColumnName}' has {weight} at row {row} of the {dataName}; weights must be finite and >= 0.");
                        }
                        weights!.Add(weight);
                    }
                    Append(features, row, featureColumnName, replaceNonFinite, indices, values);
                    rowStarts.Add(values.Count);
                    for (int task = 0; task < labelReaders.Length; task++)
                    {
                        var slot = labelRow.AsSpan(0, labelReaders[task].Width);
                        labelReaders[task].Read(slot);
                        foreach (float label in slot)
                        {
                            labels[task].Add(label);
                        }
                    }
                    row++;
                }
            }

            int rowCount = rowStarts.Count - 1;
            if (rowCount == 0)
            {
                throw new ArgumentException($"The {dataName} has no rows.", nameof(data));
            }
            double density = (double)values.Count / ((double)rowCount * width);
            bool fitsDense = (long)rowCount * width <= int.MaxValue;
            bool dense = fitsDense && (scaling?.Centers ?? density > DenseThreshold);
            if (fitScaling)
            {
                scaling = FeatureScaling.Fit(CollectionsMarshal.AsSpan(indices), CollectionsMarshal.AsSpan(values), rowCount, width, standardize: dense);
            }
            if (scaling != null && scaling.Centers && !fitsDense)
            {
                throw new InvalidOperationException($"The {dataName} has too many rows × features ({rowCount} × {width}) to standardize densely; set {nameof(MultiTaskTrainer.Options)}.{nameof(MultiTaskTrainer.Options.NormalizeFeatures)} = false.");
            }
            FeatureMatrix matrix = dense
                ? ToDense(rowStarts, indices, values, rowCount, width, scaling)
                : ToSparse(rowStarts, indices, values, rowCount, width, scaling);
            return new MultiTaskDataSet(matrix, labels.Select(l => l.ToArray()).ToArray(), labelReaders.Select(r => r.Width).ToArray(), labelReaders.Select(r => r.CountedWidth).ToArray(), scaling, weights?.ToArray());
        }

        private static void Append(in VBuffer<float> features, int row, string columnName, bool replaceNonFinite, List<int> indices, List<float> values)
        {
            var items = features.GetValues();
            var slots = features.GetIndices();
            for (int i = 0; i < items.Length; i++)
            {
                float value = items[i];
                int slot = features.IsDense ? i : slots[i];
                if (!float.IsFinite(value))
                {
                    if (!replaceNonFinite)
                    {
                        throw new InvalidOperationException(NonFiniteFeatureMessage(columnName, value, row, slot) +
                            $" Replace missing values first (mlContext.Transforms.ReplaceMissingValues) or set {nameof(MultiTaskTrainer.Options)}.{nameof(MultiTaskTrainer.Options.ReplaceNonFiniteFeatures)} = true to read them as 0.");
                    }
                    continue;
                }
                if (value != 0f)
                {
                    indices.Add(slot);
                    values.Add(value);
                }
            }
        }

        /// <summary>The start of the message for a NaN or ±∞ feature, in training and in scoring (row and slot are 0-based).</summary>
        public static string NonFiniteFeatureMessage(string columnName, float value, long row, int slot)
            => $"Feature column '{columnName}' has a non-finite value ({value}) at row {row}, slot {slot}.";

        private static DenseFeatureMatrix ToDense(List<long> rowStarts, List<int> indices, List<float> values, int rowCount, int width, FeatureScaling? scaling)
        {
            var dense = new float[rowCount * width];
            for (int row = 0; row < rowCount; row++)
            {
                for (int k = (int)rowStarts[row]; k < rowStarts[row + 1]; k++)
                {
                    dense[(row * width) + indices[k]] = values[k];
                }
            }
            if (scaling != null)
            {
                for (int i = 0; i < dense.Length; i++)
                {
                    int slot = i % width;
                    dense[i] = (dense[i] - scaling.Offset[slot]) * scaling.Scale[slot];
                }
            }
            return new DenseFeatureMatrix(dense, rowCount, width);
        }

        private static SparseFeatureMatrix ToSparse(List<long> rowStarts, List<int> indices, List<float> values, int rowCount, int width, FeatureScaling? scaling)
        {
            var stored = values.ToArray();
            if (scaling != null)
            {
                for (int k = 0; k < stored.Length; k++)
                {
                    stored[k] *= scaling.Scale[indices[k]];
                }
            }
            return new SparseFeatureMatrix(rowStarts.ToArray(), indices.ToArray(), stored, rowCount, width);
        }
    }
}
