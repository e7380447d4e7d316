using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.MultiTask.Samples;
using Microsoft.ML.MultiTask.WebApi;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.MultiTask.Deployment
{
    /// <summary>The web sample, started for real with Kestrel on 127.0.0.1 (a free port).</summary>
    [TestClass]
    public sealed class WebApiTests
    {
        private static WebApplication _app = null!;
        private static HttpClient _client = null!;

        [ClassInitialize]
        public static async Task Start(TestContext context)
        {
            _app = PredictionApi.Create(DeploymentFixture.PathOf(DeploymentFiles.Zip), "--urls", "http://127.0.0.1:0");
            await _app.StartAsync();
            var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            Assert.StartsWith("http://127.0.0.1:", address);
            _client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        }

        [ClassCleanup]
        public static async Task Stop()
        {
            _client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        [TestMethod]
        public async Task PredictAnswersWithEveryTask()
        {
            var penguin = PenguinsData.Load(DeploymentFixture.PenguinsCsv)[0];
            var expected = ExpectedPrediction.Read(DeploymentFixture.PathOf(DeploymentFiles.Expected))[0];
            var answer = await Predict(penguin);
            Assert.AreEqual(ZipScoringTests.ClassNames()[expected.SpeciesKey - 1], answer.GetProperty("species").GetProperty("label").GetString());
            Assert.AreEqual(expected.SexProbability, answer.GetProperty("sex").GetProperty("maleProbability").GetSingle());
            Assert.AreEqual(expected.BodyMass, answer.GetProperty("bodyMass").GetProperty("grams").GetSingle());
            Assert.AreEqual(3, answer.GetProperty("species").GetProperty("probabilities").EnumerateObject().Count());
        }

        [TestMethod]
        public async Task MalformedJsonIsABadRequestAndTheServerKeepsRunning()
        {
            var response = await _client.PostAsync("/predict", new StringContent("{\"island\": \"Dream\", \"billLength\": ", Encoding.UTF8, "application/json"));
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
            StringAssert.Contains(await response.Content.ReadAsStringAsync(), "not valid JSON");
            Assert.AreEqual(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode);
        }

        [TestMethod]
        public async Task MissingFieldsAreNamed()
        {
            var response = await _client.PostAsJsonAsync("/predict", new { island = "Dream", billDepth = 18.0 });
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
            string body = await response.Content.ReadAsStringAsync();
            StringAssert.Contains(body, "billLength");
            StringAssert.Contains(body, "flipperLength");
            Assert.DoesNotContain("billDepth", body);
        }

        [TestMethod]
        public async Task TwoHundredConcurrentRequestsAreAllAnsweredCorrectly()
        {
            var penguins = PenguinsData.Load(DeploymentFixture.PenguinsCsv);
            var expected = ExpectedPrediction.Read(DeploymentFixture.PathOf(DeploymentFiles.Expected));
            var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Predict(penguins[i % penguins.Count])));
            for (int i = 0; i < answers.Length; i++)
            {
                Assert.AreEqual(expected[i % penguins.Count].BodyMass, answers[i].GetProperty("bodyMass").GetProperty("grams").GetSingle(), $"request {i}");
                Assert.AreEqual(expected[i % penguins.Count].SexProbability, answers[i].GetProperty("sex").GetProperty("maleProbability").GetSingle(), $"request {i}");
            }
        }

        private static async Task<JsonElement> Predict(Penguin p)
        {
            var response = await _client.PostAsJsonAsync("/predict", new { island = p.Island, billLength = p.BillLength, billDepth = p.BillDepth, flipperLength = p.FlipperLength });
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }
}
