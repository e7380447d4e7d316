using System.IO;
using System.Linq;

namespace Microsoft.ML.MultiTask.Deployment
{
    /// <summary>One row of what the training process predicted.</summary>
    internal sealed class ExpectedPrediction
    {
        public float[] Features = System.Array.Empty<float>();
        public float[] SpeciesScore = System.Array.Empty<float>();
        public uint SpeciesKey;
        public float SexScore;
        public float SexProbability;
        public bool SexLabel;
        public float BodyMass;

        public static ExpectedPrediction[] Read(string path) => File.ReadLines(path).Select(line => line.Split(';')).Select(f => new ExpectedPrediction
        {
            Features = DeploymentFiles.ParseFloats(f[0]),
            SpeciesScore = DeploymentFiles.ParseFloats(f[1]),
            SpeciesKey = uint.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture),
            SexScore = DeploymentFiles.ParseFloats(f[3])[0],
            SexProbability = DeploymentFiles.ParseFloats(f[3])[1],
            SexLabel = f[4] == "1",
            BodyMass = DeploymentFiles.ParseFloats(f[5])[0],
        }).ToArray();
    }
}
