using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask;

namespace Microsoft.ML.MultiTask.WebApi
{
    /// <summary>
    /// A minimal API that loads a multi-task model zip at start and answers <c>POST /predict</c>
    /// with every task's prediction. A PredictionEngine is not thread-safe, so engines come from a pool.
    /// </summary>
    public static class PredictionApi
    {
        public static WebApplication Create(string modelPath, params string[] args)
        {
            var mlContext = new MLContext();
            ITransformer model = mlContext.MultiTask().LoadModel(modelPath, out var inputSchema);
            var species = SpeciesNames(model.GetOutputSchema(inputSchema));

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSingleton<ObjectPool<PredictionEngine<PenguinInput, PenguinOutput>>>(
                new DefaultObjectPool<PredictionEngine<PenguinInput, PenguinOutput>>(new EnginePolicy(mlContext, model), Environment.ProcessorCount * 2));
            var app = builder.Build();

            app.MapGet("/health", () => Results.Ok(new { status = "ready", tasks = new[] { "Species", "Sex", "BodyMass" } }));
            app.MapPost("/predict", async (HttpRequest request, ObjectPool<PredictionEngine<PenguinInput, PenguinOutput>> pool) =>
            {
                PenguinRequest? body;
                try
                {
                    body = await request.ReadFromJsonAsync<PenguinRequest>();
                }
                catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is BadHttpRequestException)
                {
                    return Results.BadRequest(new { error = $"The body is not valid JSON for a penguin: {e.Message}" });
                }
                var missing = Missing(body);
                if (missing.Count > 0)
                {
                    return Results.BadRequest(new { error = $"Missing required field(s): {string.Join(", ", missing)}." });
                }
                var input = new PenguinInput { Island = body!.Island!, BillLength = body.BillLength!.Value, BillDepth = body.BillDepth!.Value, FlipperLength = body.FlipperLength!.Value };
                var engine = pool.Get();
                PenguinOutput output;
                try
                {
                    output = engine.Predict(input);
                }
                finally
                {
                    pool.Return(engine);
                }
                return Results.Ok(new
                {
                    species = new { label = species[(int)output.SpeciesKey - 1], probabilities = species.Zip(output.SpeciesScores).ToDictionary(p => p.First, p => p.Second) },
                    sex = new { label = output.Male ? "male" : "female", maleProbability = output.MaleProbability },
                    bodyMass = new { grams = output.BodyMassGrams },
                });
            });
            return app;
        }

        private static List<string> Missing(PenguinRequest? body)
        {
            if (body == null)
            {
                return new List<string> { "island", "billLength", "billDepth", "flipperLength" };
            }
            var missing = new List<string>();
            if (string.IsNullOrWhiteSpace(body.Island)) { missing.Add("island"); }
            if (body.BillLength == null) { missing.Add("billLength"); }
            if (body.BillDepth == null) { missing.Add("billDepth"); }
            if (body.FlipperLength == null) { missing.Add("flipperLength"); }
            return missing;
        }

        private static string[] SpeciesNames(DataViewSchema schema)
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            schema["Species.PredictedLabel"].GetKeyValues(ref names);
            return names.DenseValues().Select(n => n.ToString()).ToArray();
        }

        private sealed class EnginePolicy : PooledObjectPolicy<PredictionEngine<PenguinInput, PenguinOutput>>
        {
            private readonly MLContext _mlContext;
            private readonly ITransformer _model;

            public EnginePolicy(MLContext mlContext, ITransformer model)
            {
                _mlContext = mlContext;
                _model = model;
            }

            public override PredictionEngine<PenguinInput, PenguinOutput> Create() => _mlContext.Model.CreatePredictionEngine<PenguinInput, PenguinOutput>(_model);

            public override bool Return(PredictionEngine<PenguinInput, PenguinOutput> engine) => true;
        }
    }
}
