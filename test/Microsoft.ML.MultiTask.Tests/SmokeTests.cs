using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Tests
{
    [TestClass]
    public sealed class SmokeTests
    {
        [TestMethod]
        public void PenguinsTrainsAndEvaluates()
        {
            var ml = new MLContext(seed: 1);
            var (train, test) = Penguins.Split(Penguins.Load());
            var pipeline = Penguins.Featurize(ml).Append(ml.MultiTask().Trainers.SharedEncoder(Penguins.Options()));
            var model = pipeline.Fit(ml.Data.LoadFromEnumerable(train));
            var scored = model.Transform(ml.Data.LoadFromEnumerable(test));
            foreach (var c in scored.Schema) Console.WriteLine($"{c.Name}: {c.Type}");
            var pred = scored.Schema["Species.PredictedLabel"];
            Microsoft.ML.Data.VBuffer<ReadOnlyMemory<char>> kv = default; pred.GetKeyValues(ref kv);
            Console.WriteLine("keys: " + string.Join(",", kv.DenseValues()) + " classes: " + string.Join(",", model.LastTransformer.ClassNames["Species"]));
            var rows = scored.Preview(6).RowView;
            foreach (var r in rows) Console.WriteLine(string.Join(" ; ", r.Values.Where(v => v.Key.Contains('.')).Select(v => v.Key + "=" + (v.Value is System.Collections.IEnumerable e && !(v.Value is string) ? string.Join("/", e.Cast<object>()) : v.Value)) ) + " | " + r.Values.First(v=>v.Key=="Species").Value + " " + r.Values.First(v=>v.Key=="Sex").Value);
            var metrics = ml.MultiTask().Evaluate(scored, model.LastTransformer);
            Console.WriteLine(metrics);
            Console.WriteLine(metrics["Species"].Multiclass!.ConfusionMatrix.GetFormattedConfusionTable());
            Console.WriteLine(string.Join("\n", model.LastTransformer.History.Epochs.Select(e => e.ToString())));
        }
    }
}
