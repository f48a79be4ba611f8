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
}
