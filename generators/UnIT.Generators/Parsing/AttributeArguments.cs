using Microsoft.CodeAnalysis;
using UnIT.Collections;
using UnIT.Model.Catalog;

namespace UnIT.Generators.Parsing;

/// <summary>Typed access to an attribute's named arguments; "not written" is distinct from "written as 0".</summary>
internal readonly struct AttributeArguments : ILayerArguments
{
    private readonly AttributeData _attribute;

    public AttributeArguments(AttributeData attribute) => _attribute = attribute;

    public bool Has(string name) => _attribute.NamedArguments.Any(a => a.Key == name);

    private TypedConstant? Named(string name)
    {
        foreach (var argument in _attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                return argument.Value;
            }
        }

        return null;
    }

    public string? String(string name) => Named(name)?.Value as string;

    public int Int(string name, int fallback) => Named(name)?.Value is int value ? value : fallback;

    public bool Bool(string name, bool fallback) => Named(name)?.Value is bool value ? value : fallback;

    public float? Float(string name) => Named(name)?.Value switch
    {
        float value => value,
        double value => (float)value,
        int value => value,
        _ => null,
    };

    public ImmutableEquatableArray<float> Floats(string name) =>
        Named(name) is { Kind: TypedConstantKind.Array, IsNull: false } array
            ? array.Values.Select(v => v.Value is float f ? f : Convert.ToSingle(v.Value, System.Globalization.CultureInfo.InvariantCulture)).ToImmutableEquatableArray()
            : ImmutableEquatableArray<float>.Empty;

    public string ConstructorString(int index) => Constructor(index, string.Empty);

    public int ConstructorInt(int index) => Constructor(index, 0);

    /// <summary>Constructor argument <paramref name="index"/>, or a fallback when it is missing or of another type.</summary>
    public T Constructor<T>(int index, T fallback) =>
        index < _attribute.ConstructorArguments.Length && _attribute.ConstructorArguments[index].Value is T value ? value : fallback;
}
