using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using UnIT.Collections;
using UnIT.Generators.Diagnostics;
using UnIT.Generators.Models;
using UnIT.Model;

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
            diagnostics.ToImmutableEquatableArray());
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
                $"[UnitNetwork] on '{name}': Input {problem}"));
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
