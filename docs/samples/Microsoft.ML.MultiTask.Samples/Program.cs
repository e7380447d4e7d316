using System;
using System.IO;
using Microsoft.ML.MultiTask.Samples;

// Trains, evaluates, saves and reloads two multi-task models on data shipped in docs/samples/data.
string output = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "multitask-samples");
Directory.CreateDirectory(output);
Console.WriteLine($"Models go to {output}");
PenguinsSample.Run(output);
CensusIncomeSample.Run(output);
