using UnIT.Preparation;

namespace UnIT.Interpreter;

/// <summary>
/// What the interpreter's driver needs from one number format: how activations enter and leave it, and each layer
/// kind's numeric loop in it. Implemented by structs so the generic driver is specialised per format and the calls
/// stay direct.
/// </summary>
/// <typeparam name="T">The activation element: <see cref="float"/> or Q15's <see cref="short"/>.</typeparam>
internal interface ILayerFormat<T>
{
    /// <summary>The network's input as activations of this format.</summary>
    T[] Encode(ReadOnlySpan<float> input);

    /// <summary>The last layer's activations as floats.</summary>
    void Decode(T[] activations, Span<float> output);

    /// <summary>
    /// Evaluates a conv/dense layer; returns the candidate and kept product counts and how many outputs' sums were
    /// negative (Q15's requantisation takes a longer path for them; float has none: 0).
    /// </summary>
    (long Candidates, long Kept, long NegativeSums) RunMac(MacLayerPlan plan, T[] input, T[] output, double[] magnitudes, double[] quotients);

    /// <summary><c>y = x &gt; θ ? x : 0</c>.</summary>
    void Relu(PreparedReluLayer layer, T[] input, T[] output);

    /// <summary>Max or average pooling.</summary>
    void Pool(PreparedPoolLayer layer, T[] input, T[] output);
}
