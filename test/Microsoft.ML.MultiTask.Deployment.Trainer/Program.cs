using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.MultiTask;
using Microsoft.ML.MultiTask.Deployment;
using Microsoft.ML.MultiTask.Samples;

// Usage: Trainer <penguins.csv> <output folder>. Writes the files named in DeploymentFiles.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Microsoft.ML.MultiTask.Deployment.Trainer <penguins.csv> <output folder>");
    return 2;
}
var folder = Directory.CreateDirectory(args[1]).FullName;
var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromEnumerable(PenguinsData.Load(args[0]));
var featurizer = PenguinsData.Featurize(ml)
    .Append(ml.Transforms.ReplaceMissingValues("Features"))
    .Fit(data);
var featurized = featurizer.Transform(data);
var options = PenguinsData.TrainerOptions(epochs: 30, seed: 1);
var trainer = ml.MultiTask().Trainers.SharedEncoder(options);
using var multiTask = trainer.Fit(featurized);
var model = featurizer.Append(multiTask);
ml.Model.Save(model, data.Schema, Path.Combine(folder, DeploymentFiles.Zip));
ml.Model.Save(multiTask, featurized.Schema, Path.Combine(folder, DeploymentFiles.BareZip));
using (var onnx = File.Create(Path.Combine(folder, DeploymentFiles.Onnx)))
{
    multiTask.ExportOnnx(onnx);
}

// What the training process predicts, bit for bit ("R" round-trips floats), for the deployed side to match.
var scored = model.Transform(data);
var features = scored.GetColumn<float[]>("Features").ToArray();
var speciesScores = scored.GetColumn<float[]>("Species.Score").ToArray();
var speciesKeys = scored.GetColumn<uint>("Species.PredictedLabel").ToArray();
var sexScores = scored.GetColumn<float>("Sex.Score").ToArray();
var sexProbabilities = scored.GetColumn<float>("Sex.Probability").ToArray();
var sexLabels = scored.GetColumn<bool>("Sex.PredictedLabel").ToArray();
var masses = scored.GetColumn<float>("BodyMass.Score").ToArray();
var rows = features.Select((f, i) => DeploymentFiles.Format(f, speciesScores[i], speciesKeys[i], sexScores[i], sexProbabilities[i], sexLabels[i], masses[i]));
File.WriteAllLines(Path.Combine(folder, DeploymentFiles.Expected), rows);
Console.WriteLine($"Wrote {DeploymentFiles.Zip}, {DeploymentFiles.BareZip}, {DeploymentFiles.Onnx} and {DeploymentFiles.Expected} to {folder}");
return 0;
