using System.Collections.Generic;

namespace Microsoft.ML.MultiTask
{
    /// <summary>
    /// How a tuning run picks the next trial's point of the <see cref="SearchSpace"/>: <see cref="GridSearch"/>,
    /// <see cref="RandomSearch"/> or the model-based <see cref="TreeParzenSearch"/> (the default). Set
    /// <see cref="TuningSettings.SearchMethod"/> to one of them; a new method is one subclass.
    /// </summary>
    public abstract class SearchMethod : ComponentOptions
    {
        /// <summary>Checks the options; messages name the option (prefixed with <paramref name="optionName"/>).</summary>
        internal abstract void Validate(string optionName);

        /// <summary>The method's state for one tuning run over <paramref name="space"/>, seeded.</summary>
        internal abstract Tuning.ISearchStrategy Create(SearchSpace space, int seed);
    }
}
