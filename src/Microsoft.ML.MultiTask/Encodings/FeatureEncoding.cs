namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// A learned or fitted encoding of the features inside the network, between the feature scaling and the
    /// architecture (e.g. piecewise-linear encoding of numeric features). Set
    /// <see cref="MultiTaskTrainer.Options.FeatureEncoding"/> to one of the implementations; null (the default)
    /// feeds the scaled features to the architecture as they are. The encoding is part of the exported ONNX graph.
    /// </summary>
    public abstract class FeatureEncoding : ComponentOptions
    {
        /// <summary>Checks the options; messages name the option (prefixed with <paramref name="optionName"/>) and the expected range.</summary>
        internal abstract void Validate(string optionName);

        /// <summary>Fits the encoder on the (scaled) training features and builds it. Called once per Fit, after the torch generator is seeded.</summary>
        internal abstract Encodings.FeatureEncoder Build(Encodings.EncodingContext context);
    }
}
