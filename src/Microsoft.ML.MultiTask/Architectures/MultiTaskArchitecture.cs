namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// How the tasks share parameters: the part of the network between the (scaled, optionally encoded) features and
    /// the task heads. Set <see cref="MultiTaskTrainer.Options.Architecture"/> to one of the implementations, e.g.
    /// <see cref="HardSharing"/> (the default). Each implementation is an options object with documented defaults
    /// that builds its own network and writes its own ONNX nodes; scoring never needs to know which one was used.
    /// </summary>
    public abstract class MultiTaskArchitecture : ComponentOptions
    {
        /// <summary>Checks the options; messages name the option (prefixed with <paramref name="optionName"/>) and the expected range.</summary>
        internal abstract void Validate(string optionName);

        /// <summary>Builds the shared part of the network. Called once per Fit, after the torch generator is seeded.</summary>
        internal abstract Architectures.TaskTrunk Build(Architectures.ArchitectureContext context);
    }
}
