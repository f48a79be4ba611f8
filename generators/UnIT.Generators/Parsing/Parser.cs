using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using UnIT.Collections;
using UnIT.Generators.Diagnostics;
using UnIT.Generators.Models;
using UnIT.Model;
using UnIT.Model.Catalog;

namespace UnIT.Generators.Parsing;

/// <summary>
/// Reads a <c>[UnitNetwork]</c> class and its layer attributes into a <see cref="ParsedNetwork"/>. Symbols and
/// syntax die here: the result holds only strings, numbers, enums and equatable arrays.
/// </summary>
internal static class Parser
{
    public const string NetworkAttributeName = "UnIT.UnitNetworkAttribute";

    /// <summary>The generator's entry: the class the attribute sits on.</summary>
    public static ParsedNetwork Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Parse((INamedTypeSymbol)context.TargetSymbol, (ClassDeclarationSyntax)context.TargetNode, context.Attributes[0], cancellationToken);

    /// <summary>
    /// Reads a network class (also used by the analyzers, so both see the same network): <paramref name="syntax"/> is the
    /// declaration carrying <paramref name="networkAttribute"/>.
    /// </summary>
    public static ParsedNetwork Parse(INamedTypeSymbol symbol, ClassDeclarationSyntax syntax, AttributeData networkAttribute, CancellationToken cancellationToken)
    {
        var networkLocation = LocationInfo.From(networkAttribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken));
        var diagnostics = new List<DiagnosticInfo>();
        var classInfo = ReadClass(symbol, syntax, networkLocation, diagnostics);

        var weightFile = networkAttribute.ConstructorArguments.Length > 0 ? networkAttribute.ConstructorArguments[0].Value as string ?? string.Empty : string.Empty;
        var arguments = new AttributeArguments(networkAttribute);
        var calibration = arguments.String("Calibration");
        if (CompilerRejected(symbol, networkAttribute, cancellationToken) is { } rejected)
        {
            // The compiler reports this mistake; anything the generator said about the same attribute would be a second
            // error for it (a misspelt Input would also be a missing Input). The class gets the fallback members.
            return new ParsedNetwork(classInfo, null, weightFile, calibration, new NetworkLocations(networkLocation, ImmutableEquatableArray<LocationInfo>.Empty),
                diagnostics.ToImmutableEquatableArray(), rejected);
        }

        if (string.IsNullOrWhiteSpace(weightFile))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNetworkSettingId, networkLocation,
                $"[UnitNetwork] on '{symbol.Name}' names no weight file; pass the .npz file's name, e.g. [UnitNetwork(\"model.npz\", Input = \"1x28x28\")]"));
        }

        var options = ReadOptions(arguments, symbol.Name, networkLocation, diagnostics, out var input);
        var layers = new List<LayerDefinition>();
        var layerLocations = new List<LocationInfo>();
        foreach (var attribute in symbol.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)) ?? networkLocation!;
            var layer = LayerReader.Read(attribute, location, diagnostics);
            if (layer is not null)
            {
                layers.Add(layer);
                layerLocations.Add(location);
            }
        }

        if (layers.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ImpossibleLayerSequenceId, networkLocation,
                $"Network '{symbol.Name}' declares no layers; add layer attributes such as [Conv2d(\"conv1\", 6, Kernel = 5)] in execution order"));
        }

        var definition = input is null || diagnostics.Count > 0
            ? null
            : new NetworkDefinition(symbol.Name, input, layers.ToImmutableEquatableArray(), options);
        return new ParsedNetwork(
            classInfo,
            definition,
            weightFile,
            string.IsNullOrWhiteSpace(calibration) ? null : calibration,
            new NetworkLocations(networkLocation, layerLocations.ToImmutableEquatableArray()),
            diagnostics.ToImmutableEquatableArray(),
            CompilerError: null);
    }

    /// <summary>
    /// The first UnIT attribute on the class the compiler could not bind — an unknown attribute name, a named argument
    /// the attribute does not have, an argument of the wrong type, constructor arguments that match no constructor —
    /// described for the fallback's message; <see langword="null"/> when every UnIT attribute bound.
    /// </summary>
    private static string? CompilerRejected(INamedTypeSymbol symbol, AttributeData networkAttribute, CancellationToken cancellationToken)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            var written = syntax?.Name.ToString() ?? attribute.AttributeClass?.Name ?? "?";
            var isUnit = ReferenceEquals(attribute, networkAttribute) || LayerCatalog.ByAttributeClass(attribute.AttributeClass?.ToDisplayString()) is not null;
            if (attribute.AttributeClass is null or { TypeKind: TypeKind.Error })
            {
                // An attribute name the compiler cannot find may be a misspelt layer: without it the layers would not match
                // the weight file, a cascade of the compiler's error.
                return $"the compiler's error at [{written}]";
            }

            if (!isUnit || syntax?.ArgumentList is not { } list)
            {
                continue;
            }

            if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
            {
                return $"the compiler's error in the arguments of [{written}]";
            }

            foreach (var argument in list.Arguments)
            {
                if (argument.NameEquals is { } name
                    && !attribute.NamedArguments.Any(a => a.Key == name.Name.Identifier.ValueText && a.Value.Kind != TypedConstantKind.Error))
                {
                    return $"the compiler's error at {name.Name.Identifier.ValueText} in [{written}]";
                }
            }
        }

        return null;
    }

    private static ClassInfo ReadClass(INamedTypeSymbol symbol, ClassDeclarationSyntax syntax, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkClassMustBePartialId, LocationInfo.From(syntax.Identifier.GetLocation()) ?? location,
                symbol.Name, "it is not declared partial"));
        }

        if (symbol.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkClassMustBePartialId, location, symbol.Name, "it is generic"));
        }

        var containing = new List<string>();
        for (var outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            var outerSyntax = outer.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as TypeDeclarationSyntax;
            if (outer.IsGenericType || outerSyntax is null || !outerSyntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkClassMustBePartialId, location, symbol.Name,
                    $"its containing type '{outer.Name}' is {(outer.IsGenericType ? "generic" : "not partial")}"));
            }

            var keyword = outer.IsRecord ? "record" : outer.TypeKind == TypeKind.Struct ? "struct" : "class";
            containing.Insert(0, $"{(outer.IsStatic ? "static " : string.Empty)}partial {keyword} {outer.Name}");
        }

        var ns = symbol.ContainingNamespace.IsGlobalNamespace ? string.Empty : symbol.ContainingNamespace.ToDisplayString();
        return new ClassInfo(ns, symbol.Name, symbol.IsStatic, containing.ToImmutableEquatableArray());
    }

    private static NetworkOptions ReadOptions(AttributeArguments arguments, string name, LocationInfo? location, List<DiagnosticInfo> diagnostics, out TensorShape? input)
    {
        var inputText = arguments.String("Input");
        input = null;
        if (!TensorShape.TryParse(inputText, out input, out var problem))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNetworkSettingId, location,
                $"[UnitNetwork] on '{name}': Input: {problem}"));
        }

        // Without an explicit profile, a network is priced on the FR5994 in the arithmetic it computes in.
        var format = (NumberFormat)arguments.Int("Format", 0);
        var defaultProfile = format == NumberFormat.Q15 ? TargetProfile.Msp430FR5994 : TargetProfile.Msp430FR5994SoftFloat;
        return new NetworkOptions
        {
            Format = format,
            Profile = (TargetProfile)arguments.Int("Profile", (int)defaultProfile),
            Division = (DivisionApproximation)arguments.Int("Division", 0),
            DefaultThreshold = arguments.Float("Threshold") ?? 0f,
            InputRange = arguments.Float("InputRange"),
            InputMean = arguments.Float("InputMean") ?? 0f,
            InputStandardDeviation = arguments.Float("InputStandardDeviation") ?? 1f,
            ReciprocalTableBits = arguments.Int("ReciprocalTableBits", 4),
        };
    }
}
