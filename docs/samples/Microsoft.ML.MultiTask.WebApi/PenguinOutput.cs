using Microsoft.ML.Data;

namespace Microsoft.ML.MultiTask.WebApi
{
    /// <summary>The model's output row: one property per task output column.</summary>
    public sealed class PenguinOutput
    {
        [ColumnName("Species.Score")]
        public float[] SpeciesScores { get; set; } = System.Array.Empty<float>();

        /// <summary>1-based key into the species class names.</summary>
        [ColumnName("Species.PredictedLabel")]
        public uint SpeciesKey { get; set; }

        [ColumnName("Sex.Probability")]
        public float MaleProbability { get; set; }

        [ColumnName("Sex.PredictedLabel")]
        public bool Male { get; set; }

        [ColumnName("BodyMass.Score")]
        public float BodyMassGrams { get; set; }
    }
}
