using System.Globalization;

namespace UnIT.Model;

/// <summary>
/// What a layer kind's shape rule (<see cref="Catalog.LayerEntry.OutputShape"/>) sees: the layer's input, the layer
/// before it, and the exceptions that name the layer when the shape is impossible.
/// </summary>
public sealed class LayerShapeCheck
{
    private readonly NetworkDefinition _network;
    private readonly int _index;

    internal LayerShapeCheck(NetworkDefinition network, int index, TensorShape input)
    {
        _network = network;
        _index = index;
        Input = input;
    }

    /// <summary>The shape the layer receives.</summary>
    public TensorShape Input { get; }

    /// <summary>The layer right before this one, or null for the first.</summary>
    public LayerDefinition? Previous => _index == 0 ? null : _network.Layers[_index - 1];

    /// <summary>An impossible sequence or shape at this layer.</summary>
    public NetworkDefinitionException Fail(string problem) => new(_network.Name, _index, _network.LayerLabel(_index), problem);

    /// <summary>A setting of this layer with an impossible value.</summary>
    public NetworkDefinitionException Invalid(string problem) => new(_network.Name, _index, _network.LayerLabel(_index), problem, NetworkProblemKind.InvalidSetting);

    /// <summary>The input is <c>[C, H, W]</c> for a 2-D layer of <paramref name="kind"/>, <c>[C, L]</c> for a 1-D one; <paramref name="flatHint"/> is added when it is flat.</summary>
    public void RequireSpatialInput(LayerKind kind, int spatialDimensions, string flatHint = "")
    {
        var rank = spatialDimensions + 1;
        if (Input.Rank != rank)
        {
            throw Fail($"{kind} expects a {rank}-D input ({(rank == 3 ? "[C, H, W]" : "[C, L]")}) but receives [{Input}]" + (Input.Rank == 1 ? flatHint : string.Empty));
        }
    }

    /// <summary>A tensor the layer makes or reads has at most <see cref="NetworkLimits.MaxElements"/> elements.</summary>
    public void RequireElements(string what, int[] dimensions)
    {
        if (NetworkValidation.Elements(dimensions) > NetworkLimits.MaxElements)
        {
            var shape = string.Join("x", dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)));
            throw Invalid($"its {what} would be {shape}, more than {NetworkLimits.MaxElements.ToString(CultureInfo.InvariantCulture)} elements; use fewer channels, a smaller kernel or less padding");
        }
    }
}
