using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using UnIT.Generators.Models;
using UnIT.Generators.Parsing;
using UnIT.Model;
using UnIT.Model.Catalog;

namespace UnIT.Analyzers.Infrastructure;

/// <summary>
/// One <c>[UnitNetwork]</c> class as the analyzers see it: the generator's reading of it (<see cref="ParsedNetwork"/>)
/// plus, for every layer attribute in the same order as the definition's layers, the attribute and its syntax, so that
/// a diagnostic lands on the argument it is about.
/// </summary>
internal sealed class NetworkSite
{
    private NetworkSite(string name, AttributeSyntax networkSyntax, AttributeArguments arguments, IReadOnlyList<LayerSite> layers, ParsedNetwork parsed)
    {
        Name = name;
        NetworkSyntax = networkSyntax;
        Arguments = arguments;
        Layers = layers;
        Parsed = parsed;
    }

    /// <summary>The class name (the network's name).</summary>
    public string Name { get; }

    /// <summary>Where <c>[UnitNetwork]</c> is written.</summary>
    public AttributeSyntax NetworkSyntax { get; }

    /// <summary>The network attribute's arguments.</summary>
    public AttributeArguments Arguments { get; }

    /// <summary>Layer attributes in execution order (the definition's order).</summary>
    public IReadOnlyList<LayerSite> Layers { get; }

    /// <summary>The generator parser's result for this class.</summary>
    public ParsedNetwork Parsed { get; }

    /// <summary>The location of the network attribute's named argument <paramref name="name"/>, or of the attribute.</summary>
    public Location ArgumentLocation(string name) => LayerSite.FindArgument(NetworkSyntax, name)?.GetLocation() ?? NetworkSyntax.GetLocation();

    /// <summary>The network read from <paramref name="symbol"/>, or null when it has no <c>[UnitNetwork]</c> written in source.</summary>
    public static NetworkSite? TryCreate(INamedTypeSymbol symbol, AttributeSymbols symbols, CancellationToken cancellationToken)
    {
        var attributes = symbol.GetAttributes();
        var networkAttribute = attributes.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, symbols.Network));
        if (networkAttribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax networkSyntax
            || networkSyntax.FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } classSyntax)
        {
            return null;
        }

        // Layer attributes in the order the parser reads them, so index i is the definition's layer i.
        var layers = new List<LayerSite>();
        var ordinals = new Dictionary<LayerKind, int>();
        foreach (var attribute in attributes)
        {
            if (symbols.LayerKindOf(attribute) is { } kind)
            {
                ordinals[kind] = ordinals.TryGetValue(kind, out var count) ? count + 1 : 1;
                var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                layers.Add(new LayerSite(layers.Count, kind, Label(kind, attribute, ordinals[kind]), attribute, syntax));
            }
        }

        var parsed = Parser.Parse(symbol, classSyntax, networkAttribute, cancellationToken);
        return new NetworkSite(symbol.Name, networkSyntax, new AttributeArguments(networkAttribute), layers, parsed);
    }

    /// <summary>The label <see cref="NetworkDefinition.LayerLabel"/> gives, computed without a definition.</summary>
    private static string Label(LayerKind kind, AttributeData attribute, int ordinal) =>
        LayerCatalog.ByKind(kind).IsNamed
            ? new AttributeArguments(attribute).Constructor(0, string.Empty)
            : kind.ToString().ToLowerInvariant() + ordinal.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One layer attribute: what it declares and where its arguments are written.</summary>
internal sealed class LayerSite
{
    public LayerSite(int index, LayerKind kind, string label, AttributeData attribute, AttributeSyntax? syntax)
    {
        Index = index;
        Kind = kind;
        Label = label;
        Attribute = attribute;
        Syntax = syntax;
        Arguments = new AttributeArguments(attribute);
    }

    /// <summary>Index in the network definition's layers.</summary>
    public int Index { get; }

    /// <summary>What the layer computes.</summary>
    public LayerKind Kind { get; }

    /// <summary>The stable label (name of a conv/dense layer, <c>relu2</c> otherwise).</summary>
    public string Label { get; }

    /// <summary>The attribute.</summary>
    public AttributeData Attribute { get; }

    /// <summary>Where the attribute is written (null for attributes from metadata, which the analyzers never see).</summary>
    public AttributeSyntax? Syntax { get; }

    /// <summary>Typed access to the attribute's arguments.</summary>
    public AttributeArguments Arguments { get; }

    /// <summary>True for conv and dense layers (the ones with thresholds).</summary>
    public bool IsPrunable => LayerCatalog.ByKind(Kind).IsPrunable;

    /// <summary>Output channels (conv) or features (dense) as declared; 0 for other layers.</summary>
    public int OutputChannels => IsPrunable ? Arguments.Constructor(1, 0) : 0;

    /// <summary>The implementation forced with <c>Implementation = ...</c>, or Auto.</summary>
    public KernelImplementation Implementation => (KernelImplementation)Arguments.Int("Implementation", 0);

    /// <summary>Where the attribute is written.</summary>
    public Location Location => Syntax?.GetLocation() ?? Location.None;

    /// <summary>The named argument <paramref name="name"/>, if written.</summary>
    public AttributeArgumentSyntax? Argument(string name) => FindArgument(Syntax, name);

    /// <summary>The location of the named argument <paramref name="name"/>, or of the attribute.</summary>
    public Location ArgumentLocation(string name) => Argument(name)?.GetLocation() ?? Location;

    /// <summary>
    /// The location of element <paramref name="index"/> of an array argument (<c>new[] { ... }</c>,
    /// <c>new float[] { ... }</c> or <c>[ ... ]</c>), or of the whole argument when the elements cannot be told apart.
    /// </summary>
    public Location ElementLocation(string name, int index)
    {
        var argument = Argument(name);
        var elements = argument?.Expression switch
        {
            ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.ToList<SyntaxNode>(),
            ImplicitArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.ToList<SyntaxNode>(),
            CollectionExpressionSyntax collection => collection.Elements.ToList<SyntaxNode>(),
            _ => null,
        };
        return elements is not null && index < elements.Count ? elements[index].GetLocation() : ArgumentLocation(name);
    }

    /// <summary>The named argument <paramref name="name"/> of <paramref name="attribute"/>.</summary>
    public static AttributeArgumentSyntax? FindArgument(AttributeSyntax? attribute, string name) =>
        attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
}
