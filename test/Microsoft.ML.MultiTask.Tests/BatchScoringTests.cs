using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Scoring;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>
    /// The fitted transformer scores batches of rows per ONNX Runtime call; a loaded zip scores row by row
    /// through OnnxTransformer. Both must give the same columns and values.
    /// </summary>
    [TestClass]
    public sealed class BatchScoringTests
    {
        [TestMethod]
        public void BatchedTransformEqualsTheRowByRowChainOverSeveralBatches()
        {
            var ml = new MLContext(seed: 1);
            // 600 rows: two full batches of 256 and a partial one.
            var data = ml.Data.LoadFromEnumerable(Synthetic.Rows(600, seed: 4));
            using var model = ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(3,
                TaskDefinition.Binary("Positive"),
                TaskDefinition.Multiclass("Group"),
                TaskDefinition.Regression("Amount"),
                TaskDefinition.MultiLabel("Tags"))).Fit(data);
            string path = Path.Combine(Path.GetTempPath(), $"multitask-batch-{Guid.NewGuid():N}.zip");
            try
            {
                ml.Model.Save(model, data.Schema, path);
                var rowByRow = ml.Model.Load(path, out _).Transform(data);
                var batched = model.Transform(data);
                CollectionAssert.AreEqual(rowByRow.Schema.Select(c => $"{c.Name}:{c.Type}").ToArray(), batched.Schema.Select(c => $"{c.Name}:{c.Type}").ToArray());
                foreach (var column in batched.Schema.Where(c => c.Name.Contains('.')))
                {
                    var expected = Values(rowByRow, column.Name);
                    var actual = Values(batched, column.Name);
                    Assert.AreEqual(expected.Count, actual.Count, column.Name);
                    Assert.IsTrue(actual.Count >= 600, column.Name);
                    for (int row = 0; row < expected.Count; row++)
                    {
                        if (expected[row] is float e)
                        {
                            Assert.AreEqual(e, (float)actual[row], 1e-6f * Math.Max(1, Math.Abs(e)), $"{column.Name}, row {row}");
                        }
                        else
                        {
                            Assert.AreEqual(expected[row], actual[row], $"{column.Name}, row {row}");
                        }
                    }
                }
                // Input columns still line up with their rows.
                CollectionAssert.AreEqual(data.GetColumn<double>("Amount").ToArray(), batched.GetColumn<double>("Amount").ToArray());
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void DataThatChangesBetweenReadsIsReportedNotMisaligned()
        {
            var ml = new MLContext(seed: 1);
            using var model = ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(1, TaskDefinition.Binary("Positive"))).Fit(ml.Data.LoadFromEnumerable(Synthetic.Rows(64, seed: 1)));
            var shrinking = ml.Data.LoadFromEnumerable(new ShrinkingRows(Synthetic.Rows(10, seed: 2)));
            var error = Thrown(() => model.Transform(shrinking).GetColumn<float>("Positive.Score").ToArray(), "The data to score gave");
            Assert.AreEqual(
                "The data to score gave a different number of rows on two reads. Scoring reads the features ahead in batches, so it relies on ML.NET's rule " +
                "that a data view gives the same rows, in the same order, each time it is read; cache the data (mlContext.Data.Cache) before scoring it.",
                error.Message);
        }

        [TestMethod]
        public void DataThatReordersRowsBetweenReadsIsReportedByTheirRowIds()
        {
            var ml = new MLContext(seed: 1);
            using var model = ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(1, TaskDefinition.Binary("Positive"))).Fit(ml.Data.LoadFromEnumerable(Synthetic.Rows(64, seed: 1)));
            // 300 rows: the same count on every read, so only the row IDs tell the reads apart.
            var rows = Synthetic.Rows(300, seed: 2);
            const string rule = " Scoring reads the features ahead in batches, so it relies on ML.NET's rule that a data view gives the same rows, in the same order, " +
                "each time it is read; cache the data (mlContext.Data.Cache) before scoring it.";
            var first = Thrown(() => model.Transform(new ReorderingDataView(ml, rows, 0, 1)).GetColumn<float>("Positive.Score").ToArray(), "The data to score gave");
            Assert.AreEqual("The data to score gave different rows at position 0 on two reads (their row IDs differ)." + rule, first.Message);
            // A swap in the second batch of 256 is caught at the first position that differs.
            var late = Thrown(() => model.Transform(new ReorderingDataView(ml, rows, 280, 270)).GetColumn<float>("Positive.Score").ToArray(), "The data to score gave");
            Assert.AreEqual("The data to score gave different rows at position 270 on two reads (their row IDs differ)." + rule, late.Message);
            // Reading only input columns scores nothing, so nothing can be misaligned and nothing is checked.
            Assert.HasCount(300, model.Transform(new ReorderingDataView(ml, rows, 0, 1)).GetColumn<double>("Amount").ToArray());
        }

        [TestMethod]
        public void ReorderingUnderPositionalRowIdsIsNotDetected()
        {
            // The documented limit: LoadFromEnumerable numbers rows by position, so an enumerable that yields another order on
            // the second read looks the same to the check, and the two swapped rows get each other's scores.
            var ml = new MLContext(seed: 1);
            using var model = ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(1, TaskDefinition.Binary("Positive"))).Fit(ml.Data.LoadFromEnumerable(Synthetic.Rows(64, seed: 1)));
            var rows = Synthetic.Rows(10, seed: 2);
            var inOrder = model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Positive.Score").ToArray();
            var scored = model.Transform(ml.Data.LoadFromEnumerable(new SwappingRows(rows)));
            var pairs = new List<(double Amount, float Score)>();
            using (var cursor = scored.GetRowCursor(new[] { scored.Schema["Amount"], scored.Schema["Positive.Score"] }))
            {
                var amount = cursor.GetGetter<double>(scored.Schema["Amount"]);
                var score = cursor.GetGetter<float>(scored.Schema["Positive.Score"]);
                double a = 0;
                float p = 0;
                while (cursor.MoveNext())
                {
                    amount(ref a);
                    score(ref p);
                    pairs.Add((a, p));
                }
            }
            // The features are read first, in order; the passed-through columns second, swapped.
            Assert.AreEqual((rows[1].Amount, inOrder[0]), pairs[0]);
            Assert.AreEqual((rows[0].Amount, inOrder[1]), pairs[1]);
            CollectionAssert.AreEqual(rows.Skip(2).Select((r, i) => (r.Amount, inOrder[i + 2])).ToArray(), pairs.Skip(2).ToArray());
        }

        [TestMethod]
        public void LoadModelRefusesNonFiniteFeaturesUnlessTheZipPredatesTheCheck()
        {
            var ml = new MLContext(seed: 1);
            var train = ml.Data.LoadFromEnumerable(Synthetic.Rows(64, seed: 1));
            using var model = ml.MultiTask().Trainers.SharedEncoder(Synthetic.Options(1, TaskDefinition.Binary("Positive"))).Fit(train);
            var rows = Synthetic.Rows(10, seed: 2);
            rows[4].Features[3] = float.NaN;
            var data = ml.Data.LoadFromEnumerable(rows);
            string path = Path.Combine(Path.GetTempPath(), $"multitask-nonfinite-{Guid.NewGuid():N}.zip");
            try
            {
                ml.Model.Save(model, train.Schema, path);
                using (var loaded = (IDisposable)ml.MultiTask().LoadModel(path, out _))
                {
                    var error = Thrown(() => ((ITransformer)loaded).Transform(data).GetColumn<float>("Positive.Score").ToArray(), "Feature column");
                    StringAssert.StartsWith(error.Message, "Feature column 'Features' has a non-finite value (NaN) at row 4, slot 3. The model was trained with Options.ReplaceNonFiniteFeatures = false");
                }

                // The plain load scores row by row through OnnxTransformer and cannot check: row 4 scores NaN, as documented.
                var plain = ml.Model.Load(path, out _).Transform(data).GetColumn<float>("Positive.Score").ToArray();
                Assert.IsTrue(float.IsNaN(plain[4]));
                Assert.IsTrue(plain.Where((_, i) => i != 4).All(float.IsFinite));

                // A zip written before the metadata said whether non-finite features are replaced scores as it always did, unchecked.
                ModelMetadata metadata;
                byte[] graph;
                using (var stream = File.OpenRead(path))
                {
                    metadata = ModelMetadata.ReadFromZip(stream, out graph)!;
                }
                Assert.IsFalse(metadata.ReplacesNonFiniteFeatures);
                var json = JsonNode.Parse(metadata.ToJson())!.AsObject();
                Assert.IsTrue(json.Remove(nameof(ModelMetadata.ReplacesNonFiniteFeatures)));
                var old = JsonSerializer.Deserialize<ModelMetadata>(json.ToJsonString())!;
                Assert.IsNull(old.ReplacesNonFiniteFeatures);
                var oldModel = BatchScoringModel.TryWrap(ml.Model.Load(path, out _), old, graph);
                Assert.IsInstanceOfType<BatchScoringModel>(oldModel);
                CollectionAssert.AreEqual(plain, oldModel.Transform(data).GetColumn<float>("Positive.Score").ToArray());
                ((IDisposable)oldModel).Dispose();
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void LoadModelOfAModelThatReplacesNonFiniteFeaturesScoresThem()
        {
            var ml = new MLContext(seed: 1);
            var train = ml.Data.LoadFromEnumerable(Synthetic.Rows(64, seed: 1));
            var options = Synthetic.Options(1, TaskDefinition.Binary("Positive"));
            options.ReplaceNonFiniteFeatures = true;
            using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(train);
            var rows = Synthetic.Rows(10, seed: 2);
            rows[4].Features[3] = float.NaN;
            string path = Path.Combine(Path.GetTempPath(), $"multitask-replaced-{Guid.NewGuid():N}.zip");
            try
            {
                ml.Model.Save(model, train.Schema, path);
                using (var stream = File.OpenRead(path))
                {
                    Assert.IsTrue(ModelMetadata.ReadFromZip(stream, out _)!.ReplacesNonFiniteFeatures);
                }
                var loaded = ml.MultiTask().LoadModel(path, out _);
                var scores = loaded.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Positive.Score").ToArray();
                Assert.IsTrue(scores.All(float.IsFinite));
                ((IDisposable)loaded).Dispose();
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>Every value of a column as a flat list (vector slots in order; keys, bools and text as they are).</summary>
        private static List<object> Values(IDataView view, string name)
        {
            var column = view.Schema[name];
            var type = column.Type is VectorDataViewType vector ? vector.ItemType : column.Type;
            IEnumerable values = (type, column.Type is VectorDataViewType) switch
            {
                (NumberDataViewType, false) => view.GetColumn<float>(name),
                (NumberDataViewType, true) => view.GetColumn<float[]>(name).SelectMany(v => v),
                (BooleanDataViewType, false) => view.GetColumn<bool>(name),
                (BooleanDataViewType, true) => view.GetColumn<bool[]>(name).SelectMany(v => v),
                (KeyDataViewType, false) => view.GetColumn<uint>(name),
                _ => throw new AssertFailedException($"unexpected column type {column.Type} for {name}"),
            };
            return values.Cast<object>().ToList();
        }

        /// <summary>The exception, or the inner one, whose message starts with <paramref name="start"/>: ML.NET may run the cursor on a worker thread and wrap what it throws.</summary>
        internal static Exception Thrown(Action action, string start)
        {
            var error = Assert.Throws<Exception>(action);
            while (error.InnerException != null && !error.Message.StartsWith(start, StringComparison.Ordinal))
            {
                error = error.InnerException;
            }
            StringAssert.StartsWith(error.Message, start);
            return error;
        }

        /// <summary>An enumerable that gives its rows in order on the first read and with rows 0 and 1 swapped on every later read.</summary>
        private sealed class SwappingRows : IEnumerable<SyntheticRow>
        {
            private readonly List<SyntheticRow> _rows;
            private int _reads;

            public SwappingRows(List<SyntheticRow> rows) => _rows = rows;

            public IEnumerator<SyntheticRow> GetEnumerator()
            {
                var rows = _rows.ToList();
                if (_reads++ > 0)
                {
                    (rows[0], rows[1]) = (rows[1], rows[0]);
                }
                return rows.GetEnumerator();
            }

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        /// <summary>An enumerable that gives one row fewer each time it is read, breaking ML.NET's repeatability rule.</summary>
        internal sealed class ShrinkingRows : IEnumerable<SyntheticRow>
        {
            private readonly List<SyntheticRow> _rows;
            private int _reads;

            public ShrinkingRows(List<SyntheticRow> rows) => _rows = rows;

            public IEnumerator<SyntheticRow> GetEnumerator() => _rows.Take(_rows.Count - (5 * _reads++)).GetEnumerator();

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        public sealed class FeatureRow
        {
            public float[] Features { get; set; } = Array.Empty<float>();
        }
    }
}
