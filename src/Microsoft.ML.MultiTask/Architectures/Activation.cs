namespace Microsoft.ML.MultiTask
{
    /// <summary>The non-linearity after each hidden layer.</summary>
    public enum Activation
    {
        /// <summary>max(0, x). The default.</summary>
        Relu,

        /// <summary>x for x &gt; 0, else 0.01·x.</summary>
        LeakyRelu,

        /// <summary>Hyperbolic tangent.</summary>
        Tanh,

        /// <summary>Gaussian error linear unit, exact (erf) form.</summary>
        Gelu,

        /// <summary>x·sigmoid(x), also called swish.</summary>
        Silu,
    }
}
