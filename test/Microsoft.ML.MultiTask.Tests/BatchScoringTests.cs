using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
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
            var error = Assert.Throws<Exception>(() => model.Transform(shrinking).GetColumn<float>("Positive.Score").ToArray());
            // ML.NET may run the cursor on a worker thread and wrap what it throws.
            while (error.InnerException != null && !error.Message.Contains("same rows each time", StringComparison.Ordinal))
            {
                error = error.InnerException;
            }
            StringAssert.Contains(error.Message, "same rows each time");
            StringAssert.Contains(error.Message, "mlContext.Data.Cache");
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

        /// <summary>An enumerable that gives one row fewer each time it is read, breaking ML.NET's repeatability rule.</summary>
        internal sealed class ShrinkingRows : IEnumerable<SyntheticRow>
        {
            private readonly List<SyntheticRow> _rows;
            private int _reads;

            public ShrinkingRows(List<SyntheticRow> rows) => _rows = rows;

            public IEnumerator<SyntheticRow> GetEnumerator() => _rows.Take(_rows.Count - (5 * _reads++)).GetEnumerator();

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
