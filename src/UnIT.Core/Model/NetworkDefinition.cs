using System.Globalization;
using UnIT.Collections;

namespace UnIT.Model;

/// <summary>
/// A network as the user declared it: input shape, layers in execution order, options. It names tensors but
/// holds no weights; <see cref="NetworkShapes.Infer"/> checks that the layer sequence is possible.
/// </summary>
public sealed record NetworkDefinition(
    string Name,
    TensorShape InputShape,
    ImmutableEquatableArray<LayerDefinition> Layers,
    NetworkOptions Options)
{
    /// <summary>
    /// A short, stable label for layer <paramref name="index"/>: its name if it has one, otherwise the kind and
    /// a 1-based ordinal among layers of that kind (<c>relu2</c>, <c>maxpool2d1</c>).
    /// </summary>
    public string LayerLabel(int index)
    {
        var layer = Layers[index];
        if (layer.TensorPrefix is { } name)
        {
            return name;
        }

        var ordinal = 0;
        for (var i = 0; i <= index; i++)
        {
            if (Layers[i].Kind == layer.Kind)
            {
                ordinal++;
            }
        }

        return layer.Kind.ToString().ToLowerInvariant() + ordinal.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The threshold a prunable layer uses when it has no group thresholds.</summary>
    public float LayerThreshold(PrunableLayer layer) => layer.Pruning.Threshold ?? Options.DefaultThreshold;

    /// <summary>
    /// This network with every UnIT threshold 0 (ReLU θ and everything else kept): the same kernels with nothing to
    /// skip but exact zeros, which a network's thresholds must beat to be worth their comparisons.
    /// </summary>
    public NetworkDefinition WithoutThresholds() => this with
    {
        Layers = Layers.Select(layer => layer is PrunableLayer prunable
            ? prunable with { Pruning = prunable.Pruning with { Threshold = 0f, GroupThresholds = ImmutableEquatableArray<float>.Empty } }
            : layer).ToImmutableEquatableArray(),
        Options = Options with { DefaultThreshold = 0f },
    };
}
