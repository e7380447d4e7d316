using System;
using Microsoft.ML.MultiTask.WebApi;

// dotnet run --project docs/samples/Microsoft.ML.MultiTask.WebApi -- <model.zip> [--urls http://127.0.0.1:5080]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Microsoft.ML.MultiTask.WebApi <penguins model.zip> [--urls http://127.0.0.1:5080]");
    return 2;
}
PredictionApi.Create(args[0], args[1..]).Run();
return 0;
