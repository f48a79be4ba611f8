namespace UnIT.Model.Catalog;

/// <summary>
/// Every layer kind, declared once. To add a kind: its record in <c>LayerDefinition.cs</c>, its attribute class in
/// <c>UnIT.Runtime/Attributes</c>, and an entry here (a test fails when an attribute class has none); see
/// docs/architecture.md.
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
        var entry = Of(layer) ?? throw new NotSupportedException($"No attribute for a {layer.Kind} layer.");
        return "[" + entry.Write(layer) + "]";
    }

    /// <summary>Every <c>--layers</c> token form, for help: <c>conv2d:NAME:OUT:KERNEL[...], ..., batchnorm:NAME</c>.</summary>
    public static string TokenSyntax { get; } = string.Join(", ", Entries.Select(e => e.Token + e.TokenArguments));

    /// <summary>The entry declaring <paramref name="layer"/>, or null for a record no attribute declares.</summary>
    public static LayerEntry? Of(LayerDefinition layer) => Entries.FirstOrDefault(e => e.Writes(layer));

    /// <summary>The layer one <c>--layers</c> item declares: <c>conv2d:conv1:6:5</c>.</summary>
    /// <exception cref="FormatException">The kind is unknown or a part is malformed; the message names the item and the forms.</exception>
    public static LayerDefinition ReadToken(string text)
    {
        var token = new LayerToken(text);
        bool Names(string name) => string.Equals(name, token.KindName, StringComparison.OrdinalIgnoreCase);
        var entry = Entries.FirstOrDefault(e => Names(e.Token) || e.TokenAliases.Any(Names))
            ?? throw new FormatException($"unknown layer '{text}'; use {TokenSyntax}");
        return entry.ReadToken(token);
    }
}
