namespace UnIT.Model;

/// <summary>
/// A network definition that cannot run: an impossible shape, a layer in the wrong place, a bad hyper-parameter.
/// The message names the layer and says what to change.
/// </summary>
public sealed class NetworkDefinitionException : Exception
{
    /// <summary>Creates the exception for layer <paramref name="layerIndex"/> (or the network as a whole when null).</summary>
    public NetworkDefinitionException(string network, int? layerIndex, string? layerLabel, string problem)
        : base(Format(network, layerIndex, layerLabel, problem))
    {
        Network = network;
        LayerIndex = layerIndex;
        LayerLabel = layerLabel;
        Problem = problem;
    }

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
            ? $"Network '{network}': {problem}"
            : $"Network '{network}', layer {index.Value + 1} ('{label}'): {problem}";
}
