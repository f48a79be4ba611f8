using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using UnIT.Collections;
using UnIT.Generators.Emitting;
using UnIT.Generators.Models;
using UnIT.Generators.Parsing;
using UnIT.Generators.Planning;

namespace UnIT.Generators;

/// <summary>
/// Expands every <c>[UnitNetwork]</c> class into specialised, weight-ordered kernels with precomputed thresholds.
/// Parse (symbols die there) → match the network with its converted weight file → plan (bind, fold, choose kernels
/// by cost) → emit one file per network. "Cannot generate" problems are reported through their own output.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class UnitNetworkGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var networks = context.SyntaxProvider
            .ForAttributeWithMetadataName(Parser.NetworkAttributeName, static (node, _) => node is ClassDeclarationSyntax, Parser.Parse)
            .WithTrackingName(StepNames.Networks);

        var weightFiles = context.AdditionalTextsProvider
            .Where(AdditionalFileReader.IsWeightFile)
            .Select(AdditionalFileReader.ReadWeights)
            .WithTrackingName(StepNames.WeightFiles)
            .Collect();

        var calibrationFiles = context.AdditionalTextsProvider
            .Where(AdditionalFileReader.IsCalibrationFile)
            .Select(AdditionalFileReader.ReadCalibration)
            .WithTrackingName(StepNames.CalibrationFiles)
            .Collect();

        var options = context.AnalyzerConfigOptionsProvider
            .Select(AdditionalFileReader.ReadOptions)
            .WithTrackingName(StepNames.Options);

        var plans = networks
            .Combine(weightFiles)
            .Combine(calibrationFiles)
            .Combine(options)
            .Select(static (input, _) => Match(input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right))
            .WithTrackingName(StepNames.Inputs)
            .Select(Planner.Plan)
            .WithTrackingName(StepNames.Plans);

        var models = plans
            .Select(static (plan, _) => plan.Model)
            .WithTrackingName(StepNames.Models);

        var fallbacks = plans
            .Select(static (plan, _) => plan.Fallback)
            .WithTrackingName(StepNames.Fallbacks);

        var diagnostics = plans
            .Select(static (plan, _) => plan.Diagnostics)
            .WithTrackingName(StepNames.Diagnostics);

        context.RegisterSourceOutput(models, static (production, model) =>
        {
            if (model is not null)
            {
                production.AddSource(model.HintName, SourceText.From(Emitter.Emit(model), System.Text.Encoding.UTF8));
            }
        });

        context.RegisterSourceOutput(fallbacks, static (production, fallback) =>
        {
            if (fallback is not null)
            {
                production.AddSource(fallback.HintName, SourceText.From(FallbackEmitter.Emit(fallback), System.Text.Encoding.UTF8));
            }
        });

        context.RegisterSourceOutput(diagnostics, static (production, list) =>
        {
            foreach (var diagnostic in list)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });
    }

    /// <summary>Pairs a network with the weight and calibration files it names (cheap, so unaffected networks stay cached).</summary>
    private static NetworkInput Match(
        ParsedNetwork network, ImmutableArray<WeightFileContent> weights, ImmutableArray<CalibrationContent> calibrations, GeneratorOptions options)
    {
        var weightFile = weights.FirstOrDefault(w => w.IsNamedBy(network.WeightFile));
        var calibration = network.CalibrationFile is { } name
            ? calibrations.FirstOrDefault(c => string.Equals(c.Name, Path.GetFileName(name), StringComparison.OrdinalIgnoreCase))
            : null;
        var listed = weightFile is null ? new ImmutableEquatableArray<string>(weights.Select(w => w.Item)) : ImmutableEquatableArray<string>.Empty;
        return new NetworkInput(network, weightFile, calibration, options, listed);
    }
}
