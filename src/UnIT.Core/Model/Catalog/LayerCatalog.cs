namespace UnIT.Model.Catalog;

/// <summary>
/// Every layer kind, declared once. To add a kind: its record in <c>LayerDefinition.cs</c> and shape rule in
/// <c>NetworkShapes</c>, its attribute class in <c>UnIT.Runtime/Attributes</c>, and an entry here (a test fails
/// when an attribute class has none); see docs/architecture.md.
/// </summary>
public static class LayerCatalog
{
    /// <summary>The entries, one per layer attribute.</summary>
    public static IReadOnlyList<LayerEntry> Entries { get; } =
    [
        new ConvolutionEntry(2),
        new ConvolutionEntry(1),
        new DenseEntry(),
        new ReluEntry(),
        new PoolingEntry(LayerKind.MaxPool2d),
        new PoolingEntry(LayerKind.MaxPool1d),
        new PoolingEntry(LayerKind.AvgPool2d),
        new FlattenEntry(),
        new BatchNormEntry(),
    ];

    /// <summary>The entry of attribute class <paramref name="attributeClass"/> (<c>UnIT.Conv2dAttribute</c>), or null for other attributes.</summary>
    public static LayerEntry? ByAttributeClass(string? attributeClass) => Entries.FirstOrDefault(e => e.AttributeClass == attributeClass);

    /// <summary>The entry declaring layers of kind <paramref name="kind"/>.</summary>
    public static LayerEntry ByKind(LayerKind kind) =>
        Entries.FirstOrDefault(e => e.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "No layer attribute declares this kind.");

    /// <summary>The attribute declaring <paramref name="layer"/>, in brackets: <c>[Conv2d("conv1", 6, Kernel = 5)]</c>.</summary>
    /// <exception cref="NotSupportedException">No attribute can declare the layer.</exception>
    public static string Write(LayerDefinition layer)
    {
        var entry = Entries.FirstOrDefault(e => e.Writes(layer)) ?? throw new NotSupportedException($"No attribute for a {layer.Kind} layer.");
        return "[" + entry.Write(layer) + "]";
    }
}
