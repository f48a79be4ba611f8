namespace UnIT.Model.Catalog;

/// <summary>
/// One layer kind as a user declares it: its attribute, how the attribute's arguments become a
/// <see cref="LayerDefinition"/>, and how a definition is written back as the attribute. Every table over the layer
/// vocabulary (the generator's reader, the analyzers' symbols and labels, the trainer's declarations) is derived from
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

    /// <summary>Whether this entry writes <paramref name="layer"/> back as its attribute.</summary>
    public abstract bool Writes(LayerDefinition layer);

    /// <summary>The definition the attribute's <paramref name="arguments"/> declare; <paramref name="problem"/> hears what is missing.</summary>
    public abstract LayerDefinition Read(ILayerArguments arguments, Action<string> problem);

    /// <summary>The attribute declaring <paramref name="layer"/>, without brackets: <c>Conv2d("conv1", 6, Kernel = 5)</c>.</summary>
    public abstract string Write(LayerDefinition layer);
}
