namespace UnIT.Model.Catalog;

/// <summary>
/// One layer kind, declared once: its attribute and how the attribute's arguments become a
/// <see cref="LayerDefinition"/> and back, its shape rule, the C# that rebuilds it in generated code, and its
/// <c>--layers</c> token. Every table over the layer vocabulary (the generator's reader and definition writer, the
/// analyzers' symbols and labels, the trainer's declarations, shape inference, the CLI's layer list) is derived from
/// the entries of <see cref="LayerCatalog"/>.
/// </summary>
public abstract class LayerEntry
{
    /// <summary>An entry for attribute <c>[<paramref name="attributeName"/>]</c> declaring layers of kind <paramref name="kind"/>.</summary>
    protected LayerEntry(string attributeName, LayerKind kind)
    {
        AttributeName = attributeName;
        Kind = kind;
    }

    /// <summary>The attribute as written, without the <c>Attribute</c> suffix: <c>Conv2d</c>.</summary>
    public string AttributeName { get; }

    /// <summary>The attribute class's metadata name in <c>UnIT.Runtime</c>: <c>UnIT.Conv2dAttribute</c>.</summary>
    public string AttributeClass => "UnIT." + AttributeName + "Attribute";

    /// <summary>The kind of layer the attribute declares.</summary>
    public LayerKind Kind { get; }

    /// <summary>Whether the layer has weights the UnIT rule prunes (and so thresholds, groups and an implementation).</summary>
    public virtual bool IsPrunable => false;

    /// <summary>Whether the first constructor argument names the layer (its tensors' prefix and its label).</summary>
    public virtual bool IsNamed => false;

    /// <summary>The <c>--layers</c> token naming the kind: the attribute in lower case, <c>conv2d</c>.</summary>
    public string Token => AttributeName.ToLowerInvariant();

    /// <summary>Other tokens accepted for the kind (<c>linear</c> for <c>dense</c>).</summary>
    public virtual IReadOnlyList<string> TokenAliases => [];

    /// <summary>The token's arguments after its name, for help: <c>:NAME:OUT</c>; empty when it takes none.</summary>
    public abstract string TokenArguments { get; }

    /// <summary>Whether this entry writes <paramref name="layer"/> back as its attribute.</summary>
    public abstract bool Writes(LayerDefinition layer);

    /// <summary>The definition the attribute's <paramref name="arguments"/> declare; <paramref name="problem"/> hears what is missing.</summary>
    public abstract LayerDefinition Read(ILayerArguments arguments, Action<string> problem);

    /// <summary>The attribute declaring <paramref name="layer"/>, without brackets: <c>Conv2d("conv1", 6, Kernel = 5)</c>.</summary>
    public abstract string Write(LayerDefinition layer);

    /// <summary>The definition a <c>--layers</c> token declares (its parts after the kind name).</summary>
    /// <exception cref="FormatException">A part is missing or malformed.</exception>
    public abstract LayerDefinition ReadToken(LayerToken token);

    /// <summary>A C# expression that rebuilds <paramref name="layer"/> value for value (in generated code).</summary>
    public abstract string Construction(LayerDefinition layer);

    /// <summary>The output shape of <paramref name="layer"/> on <see cref="LayerShapeCheck.Input"/>, or the exception naming why there is none.</summary>
    public abstract TensorShape OutputShape(LayerDefinition layer, LayerShapeCheck check);
}
