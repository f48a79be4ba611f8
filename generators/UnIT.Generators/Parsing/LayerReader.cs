using Microsoft.CodeAnalysis;
using UnIT.Generators.Diagnostics;
using UnIT.Generators.Models;
using UnIT.Model;
using UnIT.Model.Catalog;

namespace UnIT.Generators.Parsing;

/// <summary>Turns one layer attribute into a <see cref="LayerDefinition"/> through its <see cref="LayerCatalog"/> entry; other attributes are ignored.</summary>
internal static class LayerReader
{
    public static LayerDefinition? Read(AttributeData attribute, LocationInfo location, List<DiagnosticInfo> diagnostics) =>
        LayerCatalog.ByAttributeClass(attribute.AttributeClass?.ToDisplayString())?.Read(
            new AttributeArguments(attribute),
            problem => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNetworkSettingId, location, problem)));
}
