using Microsoft.CodeAnalysis;
using UnIT.Model;
using UnIT.Model.Catalog;

namespace UnIT.Analyzers.Infrastructure;

/// <summary>
/// The UnIT attribute types of one compilation, resolved once when the compilation starts. A compilation that does not
/// reference the UnIT runtime has none, and the analyzers register nothing for it.
/// </summary>
internal sealed class AttributeSymbols
{
    private readonly Dictionary<INamedTypeSymbol, LayerKind> _layers;

    private AttributeSymbols(INamedTypeSymbol network, Dictionary<INamedTypeSymbol, LayerKind> layers)
    {
        Network = network;
        _layers = layers;
    }

    /// <summary><c>UnIT.UnitNetworkAttribute</c>.</summary>
    public INamedTypeSymbol Network { get; }

    /// <summary>The symbols, or null when the compilation does not know <c>UnIT.UnitNetworkAttribute</c>.</summary>
    public static AttributeSymbols? Resolve(Compilation compilation)
    {
        var network = compilation.GetTypeByMetadataName("UnIT.UnitNetworkAttribute");
        if (network is null)
        {
            return null;
        }

        var layers = new Dictionary<INamedTypeSymbol, LayerKind>(SymbolEqualityComparer.Default);
        void Add(string name, LayerKind kind)
        {
            if (compilation.GetTypeByMetadataName(name) is { } symbol)
            {
                layers[symbol] = kind;
            }
        }

        // The generator's LayerReader reads the same catalog, so analyzer layer i is definition layer i.
        foreach (var entry in LayerCatalog.Entries)
        {
            Add(entry.AttributeClass, entry.Kind);
        }

        return new AttributeSymbols(network, layers);
    }

    /// <summary>The layer kind an attribute declares, or null when it is not a layer attribute.</summary>
    public LayerKind? LayerKindOf(AttributeData attribute) =>
        attribute.AttributeClass is { } type && _layers.TryGetValue(type, out var kind) ? kind : null;
}
