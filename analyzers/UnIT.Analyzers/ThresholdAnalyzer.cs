using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using UnIT.Analyzers.Diagnostics;
using UnIT.Analyzers.Infrastructure;
using UnIT.Analyzers.Rules;

namespace UnIT.Analyzers;

/// <summary>
/// Reports problems with the threshold settings of <c>[UnitNetwork]</c> classes (UNIT001–UNIT010). Declarations are
/// read with the generator's parser; rules that need weights bind the network to its converted weight file exactly as
/// the generator does and stay silent when that fails (the generator reports why).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThresholdAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // Once per compilation: the attribute types, and a lazy, thread-safe view of the AdditionalFiles.
            if (AttributeSymbols.Resolve(start.Compilation) is not { } symbols)
            {
                return;
            }

            var files = new BuildFiles(start.Options.AdditionalFiles);
            start.RegisterSymbolAction(context => Analyze(context, symbols, files), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, AttributeSymbols symbols, BuildFiles files)
    {
        var cancellationToken = context.CancellationToken;
        if (NetworkSite.TryCreate((INamedTypeSymbol)context.Symbol, symbols, cancellationToken) is not { } site)
        {
            return;
        }

        var report = context.ReportDiagnostic;
        var invalid = DeclarationRules.CheckValues(site, report);
        DeclarationRules.CheckActivationThresholds(site, report);
        DeclarationRules.CheckIgnoredThresholds(site, report);

        // The rest needs the network the generator would build; when it cannot build one it says why.
        var parsed = site.Parsed;
        if (invalid || parsed.Definition is not { } definition || parsed.Diagnostics.Count > 0 || definition.Layers.Count != site.Layers.Count)
        {
            return;
        }

        CalibrationRead? calibration = null;
        if (parsed.CalibrationFile is { } calibrationName)
        {
            calibration = files.Calibration(calibrationName, cancellationToken);
            if (calibration?.Data is not { } data || data.Network != definition.Name)
            {
                return; // missing, unreadable or another network's: UNIT111
            }

            CalibrationRules.Check(site, definition, calibration.Name, data, report);
        }

        if (files.Weights(parsed.WeightFile, cancellationToken) is not { Problem: null } weights
            || NetworkAnalysis.Get(definition, weights, calibration?.Data, cancellationToken) is not { } analysis)
        {
            return; // UNIT101-UNIT110
        }

        var thresholdsReported = WeightRules.Check(site, analysis, calibration?.Name, report);
        CostRules.CheckDivision(site, analysis, report, cancellationToken);
        CostRules.CheckForcedImplementations(site, analysis, report);
        CostRules.CheckThresholdsPay(site, analysis, thresholdsReported, report);
    }
}
