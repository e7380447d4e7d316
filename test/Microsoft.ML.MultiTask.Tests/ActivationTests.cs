using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask.Architectures;
using Microsoft.ML.MultiTask.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.MultiTask.Tests
{
    /// <summary>Every <see cref="Activation"/> trains and scores as the same function, and each gives its own model.</summary>
    [TestClass]
    public sealed class ActivationTests
    {
        private static readonly float[] Inputs = Enumerable.Range(-40, 81).Select(i => i / 10f).ToArray();

        [TestMethod]
        public void EachActivationsOnnxNodesComputeWhatItsTorchSharpModuleComputes()
        {
            foreach (var activation in Enum.GetValues<Activation>())
            {
                var layer = ActivationLayer.Of(activation);
                float[] expected;
                using (var scope = torch.NewDisposeScope())
                using (var module = layer.CreateModule())
                {
                    using var values = module.forward(torch.tensor(Inputs, new long[] { 1, Inputs.Length })).data<float>();
                    expected = values.ToArray();
                }
                var graph = new OnnxGraphBuilder("activation");
                graph.AddInput("x", OnnxElementType.Float, Inputs.Length);
                graph.AddNode("Identity", new[] { layer.AppendOnnx(graph, "x") }, "y");
                graph.AddOutput("y", OnnxElementType.Float, Inputs.Length);
                using var session = new InferenceSession(graph.ToBytes());
                using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(Inputs, new[] { 1, Inputs.Length })) });
                var actual = results.Single().AsEnumerable<float>().ToArray();
                for (int i = 0; i < Inputs.Length; i++)
                {
                    Assert.AreEqual(expected[i], actual[i], 1e-6, $"{activation}({Inputs[i]})");
                }
            }
        }

        [TestMethod]
        public void AnUnknownActivationIsAnErrorNamingTheOption()
        {
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ActivationLayer.Of((Activation)42));
            Assert.AreEqual("Activation", error.ParamName);
            StringAssert.Contains(error.Message, "Options.Activation must be one of Relu, LeakyRelu, Tanh, Gelu, Silu; got 42.");
        }

        [TestMethod]
        public void EveryActivationScoresThroughOnnxAsTheTrainedNetworkComputesAndGivesItsOwnModel()
        {
            var ml = new MLContext(seed: 1);
            var rows = Synthetic.Rows(200, seed: 6);
            var data = ml.Data.LoadFromEnumerable(rows);
            var features = rows.Select(r => r.Features).ToArray();
            var scoresByActivation = new Dictionary<Activation, float[]>();
            foreach (var activation in Enum.GetValues<Activation>())
            {
                var options = Synthetic.Options(3, TaskDefinition.Binary("Positive"), TaskDefinition.MultiLabel("Tags"));
                options.Activation = activation;
                var forward = new ForwardPassRecorder(features);
                options.Observers.Add(forward);
                using var model = ml.MultiTask().Trainers.SharedEncoder(options).Fit(data);
                var scored = model.Transform(data);
                // Binary and multi-label scores are the network's logits, untouched by the graph's output nodes.
                var scores = scored.GetColumn<float>("Positive.Score").Concat(scored.GetColumn<float[]>("Tags.Score").SelectMany(v => v)).ToArray();
                var logits = forward.Logits[0].Concat(forward.Logits[1]).ToArray();
                Assert.HasCount(logits.Length, scores);
                for (int i = 0; i < scores.Length; i++)
                {
                    Assert.AreEqual(logits[i], scores[i], 1e-5 * Math.Max(1, Math.Abs(logits[i])), $"{activation}: output {i}");
                }
                scoresByActivation[activation] = scores;
            }
            foreach (var (a, b) in scoresByActivation.Keys.SelectMany(a => scoresByActivation.Keys.Where(b => a < b).Select(b => (a, b))))
            {
                double difference = scoresByActivation[a].Zip(scoresByActivation[b], (x, y) => Math.Abs(x - y)).Max();
                Assert.IsGreaterThan(1e-3, difference, $"{a} and {b} trained the same model");
            }
        }
    }
}
