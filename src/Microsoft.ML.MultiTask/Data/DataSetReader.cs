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
        internal const double DenseThreshold = 0.25;

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
        /// <param name="storage">Where the features are kept; null for in memory.</param>
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
            IEnumerable<DataViewSchema.Column>? contextColumns = null,
            FeatureStorage? storage = null)
        {
            var featureColumn = GetFeatureColumn(data.Schema, featureColumnName, dataName);
            int width = ((VectorDataViewType)featureColumn.Type).Size;
            var sink = (storage ?? new InMemoryFeatureStorage()).Build(width);
            try
            {
                var statistics = fitScaling ? new ScalingStatistics(width) : null;
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
                    // What the cursor throws is named with its row; the checks below throw their own messages.
                    bool inCursor = true;
                    try
                    {
                        while (cursor.MoveNext())
                        {
                            featureGetter(ref features);
                            weightGetter?.Invoke(ref weight);
                            inCursor = false;
                            if (weightGetter != null)
                            {
                                if (!float.IsFinite(weight) || weight < 0)
                                {
                                    throw new InvalidOperationException($"Example weight column '{weightColumnName}' has {weight} at row {row} of the {dataName}; weights must be finite and >= 0.");
                                }
                                weights!.Add(weight);
                            }
                            indices.Clear();
                            values.Clear();
                            Append(features, row, featureColumnName, replaceNonFinite, indices, values);
                            statistics?.Add(CollectionsMarshal.AsSpan(indices), CollectionsMarshal.AsSpan(values));
                            sink.Append(CollectionsMarshal.AsSpan(indices), CollectionsMarshal.AsSpan(values));
                            ReadLabels(labelReaders, labelRow, labels);
                            row++;
                            inCursor = true;
                        }
                    }
                    catch (Exception e) when (inCursor && !(e is OperationCanceledException))
                    {
                        throw new InvalidOperationException($"Reading row {row} of the {dataName} failed: {e.GetType().Name}: {e.Message.TrimEnd('.')}.", e);
                    }
                }

                int rowCount = sink.RowCount;
                if (rowCount == 0)
                {
                    throw new ArgumentException($"The {dataName} has no rows.", nameof(data));
                }
                double density = (double)sink.EntryCount / ((double)rowCount * width);
                bool dense = sink.CanHoldDense && (scaling?.Centers ?? density > DenseThreshold);
                if (statistics != null)
                {
                    scaling = statistics.Fit(rowCount, standardize: dense);
                }
                if (scaling != null && scaling.Centers && !sink.CanHoldDense)
                {
                    throw new InvalidOperationException($"The {dataName} has too many rows × features ({rowCount} × {width}) to standardize in memory; set {nameof(MultiTaskTrainer.Options)}.{nameof(MultiTaskTrainer.Options.FeatureStorage)} = new {nameof(TemporaryFileFeatureStorage)}() or {nameof(MultiTaskTrainer.Options.NormalizeFeatures)} = false.");
                }
                return new MultiTaskDataSet(sink.Complete(scaling, dense), labels.Select(l => l.ToArray()).ToArray(), labelReaders.Select(r => r.Width).ToArray(), labelReaders.Select(r => r.CountedWidth).ToArray(), scaling, weights?.ToArray());
            }
            catch
            {
                // A temporary file goes with a failed read.
                sink.Dispose();
                throw;
            }
        }

        /// <summary>Appends the current row's labels of every task to its list.</summary>
        private static void ReadLabels(TaskLabelReader[] readers, float[] row, List<float>[] labels)
        {
            for (int task = 0; task < readers.Length; task++)
            {
                var slot = row.AsSpan(0, readers[task].Width);
                readers[task].Read(slot);
                foreach (float label in slot)
                {
                    labels[task].Add(label);
                }
            }
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
    }
}
