using System.Globalization;
using System.Linq;

namespace Microsoft.ML.MultiTask.Deployment
{
    /// <summary>The files the deployment trainer writes and the tests read, and the format of the expected predictions.</summary>
    public static class DeploymentFiles
    {
        public const string Zip = "penguins.zip";
        public const string BareZip = "penguins-network-only.zip";
        public const string Onnx = "penguins.onnx";
        public const string Expected = "expected.csv";

        /// <summary>One line: features; species scores; species key; sex score; sex probability; sex label; body mass.</summary>
        public static string Format(float[] features, float[] speciesScore, uint speciesKey, float sexScore, float sexProbability, bool sexLabel, float bodyMass)
            => string.Join(";", Floats(features), Floats(speciesScore), speciesKey.ToString(CultureInfo.InvariantCulture),
                Floats(new[] { sexScore, sexProbability }), sexLabel ? "1" : "0", Floats(new[] { bodyMass }));

        public static float[] ParseFloats(string field) => field.Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        private static string Floats(float[] values) => string.Join(" ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
    }
}
