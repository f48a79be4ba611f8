using UnIT.Text;

namespace UnIT.Model;

/// <summary>What kind of problem a <see cref="NetworkDefinitionException"/> reports.</summary>
public enum NetworkProblemKind
{
    /// <summary>The layer sequence or a shape is impossible.</summary>
    ImpossibleSequence,

    /// <summary>A setting has an impossible value (a negative size, an undefined enum value, a negative range).</summary>
    InvalidSetting,

    /// <summary>
    /// A threshold that cannot be (negative, NaN, infinite) or threshold groups that do not fit the channels. The
    /// analyzers report these at the argument (UNIT001, UNIT004), so the generator does not report them again.
    /// </summary>
    InvalidThreshold,

    /// <summary>Settings that are each valid but cannot be combined (Sorted on a strided convolution).</summary>
    UnsupportedCombination,
}

/// <summary>
/// A network definition that cannot run: an impossible shape, a layer in the wrong place, a bad hyper-parameter.
/// The message names the layer and says what to change.
/// </summary>
public sealed class NetworkDefinitionException : Exception
{
    /// <summary>Creates the exception for layer <paramref name="layerIndex"/> (or the network as a whole when null).</summary>
    public NetworkDefinitionException(string network, int? layerIndex, string? layerLabel, string problem, NetworkProblemKind kind = NetworkProblemKind.ImpossibleSequence)
        : base(Format(network, layerIndex, layerLabel, problem))
    {
        Kind = kind;
        Network = network;
        LayerIndex = layerIndex;
        LayerLabel = layerLabel;
        Problem = problem;
    }

    /// <summary>What kind of problem it is.</summary>
    public NetworkProblemKind Kind { get; }

    /// <summary>The network's name.</summary>
    public string Network { get; }

    /// <summary>0-based index of the offending layer in declaration order, if any.</summary>
    public int? LayerIndex { get; }

    /// <summary>The offending layer's label, if any.</summary>
    public string? LayerLabel { get; }

    /// <summary>What is wrong and how to fix it.</summary>
    public string Problem { get; }

    private static string Format(string network, int? index, string? label, string problem) =>
        index is null
            ? $"Network '{Excerpt.Of(network)}': {problem}"
            : $"Network '{Excerpt.Of(network)}', layer {index.Value + 1} ('{Excerpt.Of(label)}'): {problem}";
}
