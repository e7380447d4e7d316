using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Microsoft.ML.MultiTask.Samples
{
    /// <summary>One penguin of the Palmer penguins file (docs/samples/data/penguins).</summary>
    public sealed class Penguin
    {
        public string Species { get; set; } = string.Empty;
        public string Island { get; set; } = string.Empty;
        public float BillLength { get; set; }
        public float BillDepth { get; set; }
        public float FlipperLength { get; set; }
        public float BodyMass { get; set; }

        /// <summary>1 = male, 0 = female, NaN = not recorded: the row still trains the other tasks.</summary>
        public float Sex { get; set; }
    }

    /// <summary>Reads penguins.csv; "NA" becomes NaN.</summary>
    public static class PenguinsData
    {
        /// <summary>The rows that have a body mass (the two rows without any measurement are left out).</summary>
        public static List<Penguin> Load(string path) => File.ReadLines(path).Skip(1)
            .Select(line => line.Split(','))
            .Where(f => f[5] != "NA")
            .Select(f => new Penguin
            {
                Species = f[0],
                Island = f[1],
                BillLength = Number(f[2]),
                BillDepth = Number(f[3]),
                FlipperLength = Number(f[4]),
                BodyMass = Number(f[5]),
                Sex = f[6] == "male" ? 1f : f[6] == "female" ? 0f : float.NaN,
            }).ToList();

        private static float Number(string text) => text == "NA" ? float.NaN : float.Parse(text, CultureInfo.InvariantCulture);
    }
}
