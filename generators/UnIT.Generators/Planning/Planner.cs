using UnIT.Calibration;
using UnIT.Collections;
using UnIT.Costs;
using UnIT.Generators.Diagnostics;
using UnIT.Generators.Models;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Onnx;
using UnIT.Planning;
using UnIT.Preparation;
using UnIT.Resources;
using UnIT.Text;

namespace UnIT.Generators.Planning;

/// <summary>
/// Binds a parsed network to its weight file, prepares it (shapes, BatchNorm folding, zero weights, keys, Q15 scales),
/// lets the cost model choose each layer's kernel, and builds the <see cref="NetworkModel"/> the emitter writes.
/// Every failure becomes a diagnostic that names the file, tensor or attribute and the fix; nothing throws.
/// </summary>
internal static class Planner
{
    /// <summary>
    /// Planning is the expensive step; an edit elsewhere in the file moves attribute locations without changing what
    /// is planned, so results are memoised by the inputs that matter (definition, weight bytes, calibration, knobs).
    /// </summary>
    private static readonly BoundedCache<PlanKey, PlanOutcome> Cache = new(capacity: 32);

    public static PlanResult Plan(NetworkInput input, CancellationToken cancellationToken)
    {
        var result = PlanOrFail(input, cancellationToken);
        if (result.Model is not null || result.Fallback is not null || result.Diagnostics.Any(d => d.DescriptorId == DiagnosticDescriptors.NetworkClassMustBePartialId))
        {
            return result;
        }

        var errors = input.Network.CompilerError ?? string.Join(", ", result.Diagnostics.Select(d => d.DescriptorId).Distinct());
        return result with { Fallback = new FallbackClass(input.Network.Class, errors) };
    }

    private static PlanResult PlanOrFail(NetworkInput input, CancellationToken cancellationToken)
    {
        var network = input.Network;
        if (network.Diagnostics.Count > 0 || network.Definition is null)
        {
            return new PlanResult(null, network.Diagnostics);
        }

        if (input.Weights is null)
        {
            return Fail(DiagnosticInfo.Create(DiagnosticDescriptors.WeightFileNotInBuildId, network.Locations.Network,
                network.WeightFile, network.Class.Name, WeightFileFix(network.WeightFile, input.ListedWeightFiles)));
        }

        if (input.Weights.Problem is { } problem)
        {
            return Fail(DiagnosticInfo.Create(DiagnosticDescriptors.WeightFileUnreadableId, network.Locations.Network, input.Weights.Name, problem));
        }

        if (network.CalibrationFile is { } calibrationName && input.Calibration is null)
        {
            return Fail(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCalibrationFileId, network.Locations.Network,
                $"Calibration file '{calibrationName}' named by [UnitNetwork] on '{network.Class.Name}' is not part of the build; "
                + $"add <UnitCalibration Include=\"{calibrationName}\" /> to the project file, or remove Calibration from the attribute"));
        }

        var key = new PlanKey(network.Class, network.Definition, input.Weights, input.Calibration, input.Options);
        var outcome = Cache.GetOrAdd(key, k => Compute(k, cancellationToken));
        var note = input.Calibration is null ? WithoutStatistics.Note(network) : null;
        return (outcome.Model, outcome.DescriptorId) switch
        {
            ({ } model, null) => new PlanResult(model, Diagnostics(note)),

            // A model with a descriptor is a warning about the model (UNIT113: it does not fit the part).
            ({ } model, { } warning) => new PlanResult(model,
                Diagnostics(DiagnosticInfo.Create(warning, network.Locations.Layer(outcome.LayerIndex), outcome.Message!), note)),

            // One mistake, one error: the analyzers report this one at the argument (UNIT001/UNIT004). The fallback still
            // carries the reason, for a build that runs the generator without them.
            (null, null) => new PlanResult(null, ImmutableEquatableArray<DiagnosticInfo>.Empty,
                new FallbackClass(network.Class, $"the analyzers' UNIT001/UNIT004 ({outcome.Message})")),
            _ => Fail(DiagnosticInfo.Create(outcome.DescriptorId, network.Locations.Layer(outcome.LayerIndex), outcome.Message!)),
        };

        static PlanResult Fail(DiagnosticInfo diagnostic) => new(null, ImmutableEquatableArray.Create(diagnostic));

        static ImmutableEquatableArray<DiagnosticInfo> Diagnostics(params DiagnosticInfo?[] diagnostics) =>
            diagnostics.OfType<DiagnosticInfo>().ToImmutableEquatableArray();
    }

    /// <summary>
    /// Plans a network declared outside a compilation (a built class's definition, weights and calibration; see
    /// <see cref="Exporting.CExporter"/>): the same cached computation as <see cref="Plan"/>, without the parse step's
    /// source locations, so it runs where the compiler's assemblies are not loaded. Returns the model or the problem.
    /// </summary>
    public static (NetworkModel? Model, string? Problem) PlanDeclared(
        ClassInfo classInfo, NetworkDefinition definition, WeightFileContent weights, CalibrationContent? calibration, GeneratorOptions options)
    {
        var outcome = Cache.GetOrAdd(new PlanKey(classInfo, definition, weights, calibration, options), k => Compute(k, CancellationToken.None));
        return (outcome.Model, outcome.Model is null ? $"{outcome.DescriptorId}: {outcome.Message}" : null);
    }

    private sealed record PlanKey(ClassInfo Class, NetworkDefinition Definition, WeightFileContent Weights, CalibrationContent? Calibration, GeneratorOptions Options);

    /// <summary>
    /// A model, or one failure with the layer it concerns (locations are attached by the caller); a failure without a
    /// descriptor is one the analyzers report. A model with a descriptor carries one warning (UNIT113).
    /// </summary>
    private sealed record PlanOutcome(NetworkModel? Model, string? DescriptorId, int? LayerIndex, string? Message);

    private static PlanOutcome Compute(PlanKey key, CancellationToken cancellationToken)
    {
        var definition = key.Definition;
        IReadOnlyDictionary<string, ActivationStatistics>? statistics = null;
        if (key.Calibration is { } calibrationFile)
        {
            if (!CalibrationFile.TryParse(calibrationFile.Text, out var calibration, out var problem))
            {
                return new PlanOutcome(null, DiagnosticDescriptors.InvalidCalibrationFileId, null,
                    $"Calibration file '{calibrationFile.Name}' cannot be read: {problem}");
            }

            if (calibration!.Network != definition.Name)
            {
                return new PlanOutcome(null, DiagnosticDescriptors.InvalidCalibrationFileId, null,
                    $"Calibration file '{calibrationFile.Name}' was made for network '{calibration.Network}', not '{definition.Name}'; "
                    + $"name this network's own file, or recalibrate with `unit calibrate`");
            }

            if (CalibrationApplication.InputNormalizationMismatch(definition, calibration, calibrationFile.Name) is { } mismatch)
            {
                return new PlanOutcome(null, DiagnosticDescriptors.InvalidCalibrationFileId, null, mismatch);
            }

            definition = CalibrationApplication.WithMeasuredRanges(definition, calibration);
            statistics = CalibrationApplication.Statistics(calibration);
        }

        try
        {
            var weights = WeightFile.Parse(key.Weights.Bytes, key.Weights.Name);
            if (weights.Onnx is { } onnx && OnnxGraphCheck.FirstDisagreement(definition, onnx, key.Weights.Name) is { } disagreement)
            {
                return new PlanOutcome(null, DiagnosticDescriptors.OnnxGraphMismatchId, disagreement.LayerIndex, disagreement.Message);
            }

            var prepared = PreparedNetwork.Prepare(definition, weights);
            cancellationToken.ThrowIfCancellationRequested();
            var profile = CostProfile.For(definition.Options.Profile);
            var plan = KernelPlanner.Plan(prepared, definition.Options.Format, profile, statistics);
            cancellationToken.ThrowIfCancellationRequested();
            var model = ModelBuilder.Build(key.Class, key.Weights, prepared, plan, profile, key.Options, out var resources);
            return PartFit.Check(resources, profile.Memory) is { } overflow
                ? new PlanOutcome(model, DiagnosticDescriptors.PlanExceedsPartMemoryId, LayerLabelled(definition, overflow.Layer),
                    PartFitMessage.Describe(definition.Name, profile, overflow))
                : new PlanOutcome(model, null, null, null);
        }
        catch (NumPyFormatException e)
        {
            var id = e.Kind switch
            {
                NumPyProblemKind.MissingTensor => DiagnosticDescriptors.MissingTensorId,
                NumPyProblemKind.UnsupportedDType => DiagnosticDescriptors.UnsupportedDTypeId,
                _ => DiagnosticDescriptors.MalformedWeightFileId,
            };
            return new PlanOutcome(null, id, LayerReading(definition, e.TensorName), e.Message);
        }
        catch (WeightBindingException e)
        {
            var id = e.Kind == WeightBindingProblem.ShapeMismatch ? DiagnosticDescriptors.TensorShapeMismatchId : DiagnosticDescriptors.NonFiniteWeightsId;
            return new PlanOutcome(null, id, LayerLabelled(definition, e.LayerLabel), e.Message);
        }
        catch (NetworkDefinitionException e) when (e.Kind == NetworkProblemKind.InvalidThreshold)
        {
            return new PlanOutcome(null, null, e.LayerIndex, e.Message);
        }
        catch (NetworkDefinitionException e)
        {
            var id = e.Kind switch
            {
                NetworkProblemKind.UnsupportedCombination => DiagnosticDescriptors.UnsupportedOptionCombinationId,
                NetworkProblemKind.InvalidSetting => DiagnosticDescriptors.InvalidNetworkSettingId,
                _ => DiagnosticDescriptors.ImpossibleLayerSequenceId,
            };
            return new PlanOutcome(null, id, e.LayerIndex, e.Message);
        }
    }

    /// <summary>The layer whose tensors start with the tensor's prefix (<c>conv1.weight</c> → conv1).</summary>
    private static int? LayerReading(NetworkDefinition definition, string? tensorName)
    {
        if (tensorName is null)
        {
            return null;
        }

        for (var i = 0; i < definition.Layers.Count; i++)
        {
            if (definition.Layers[i].TensorPrefix is { } prefix && tensorName.StartsWith(prefix + ".", StringComparison.Ordinal))
            {
                return i;
            }
        }

        return null;
    }

    private static int? LayerLabelled(NetworkDefinition definition, string label)
    {
        for (var i = 0; i < definition.Layers.Count; i++)
        {
            if (definition.LayerLabel(i) == label)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>
    /// UNIT101's fix: name the items the build does list and the one the attribute probably meant, rather than asking
    /// for an item that may already be there under the intended name.
    /// </summary>
    private static string WeightFileFix(string declared, ImmutableEquatableArray<string> listed)
    {
        var add = $"add <UnitWeights Include=\"{declared}\" /> to the project file (the build converts it for the generator and embeds it)";
        if (listed.Count == 0)
        {
            return add + "; the build lists no UnitWeights items";
        }

        var names = string.Join(", ", listed.Take(5).Select(n => $"'{n}'")) + (listed.Count > 5 ? $" and {listed.Count - 5} more" : string.Empty);
        return ClosestName.Find(Path.GetFileName(declared), listed.Select(Path.GetFileName)) is { } meant
            ? $"the build lists {names}: did you mean '{meant}'? Correct the name in the attribute, or {add}"
            : $"the build lists {names}; {add}";
    }
}
