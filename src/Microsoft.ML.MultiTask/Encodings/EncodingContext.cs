using Microsoft.ML.MultiTask.Data;

namespace Microsoft.ML.MultiTask.Encodings
{
    /// <summary>What a feature encoding is fitted on: the training features after scaling, and the option name for messages.</summary>
    internal sealed class EncodingContext
    {
        public EncodingContext(FeatureMatrix features, string optionName)
        {
            Features = features;
            OptionName = optionName;
        }

        /// <summary>The scaled training features.</summary>
        public FeatureMatrix Features { get; }

        public int InputSize => Features.Width;

        /// <summary>The option's name for error messages, e.g. <c>Options.FeatureEncoding</c>.</summary>
        public string OptionName { get; }
    }
}
