using UnIT.Collections;
using UnIT.Generators.EmittingC;
using UnIT.Generators.Models;
using UnIT.Generators.Planning;
using UnIT.NumPy;

namespace UnIT.Generators.Exporting;

/// <summary>
/// The generator's one public door for tools that run outside the compiler (<c>unit export-c</c>, <c>unit simulate</c>,
/// the build's C export): it feeds a built class's declaration through the same <see cref="Planner"/>, model builder,
/// kernel description and C backend the source generator uses, so the C has the plan of the C# kernels, not a second
/// pipeline's. A public entry point rather than InternalsVisibleTo: callers see a request and a result, not the
/// generator's internal model types, which stay free to change.
/// </summary>
public static class CExporter
{
    /// <summary>Plans <paramref name="request"/> and spells it as C; throws <see cref="InvalidOperationException"/> with the generator's diagnostics when it cannot be planned.</summary>
    public static CNetworkExport Export(CExportRequest request)
    {
        return From(Plan(request ?? throw new ArgumentNullException(nameof(request))));
    }

    /// <summary>The export of a model the generator planned (what the source generator's tests hold).</summary>
    internal static CNetworkExport From(NetworkModel model)
    {
        var export = CEmitter.Emit(model);
        var layers = model.Layers.Select(l =>
        {
            var slot = export.Arena.Slots.TryGetValue(l.Index, out var placed) ? placed : null;
            ArenaRange? written = slot?.Written(l.OutputLength) is var (start, end) ? new ArenaRange(start, end - start) : null;
            return new CLayerExport(
                l.Index, l.Row.Label, l is FlattenModel ? null : $"{model.Class.Name}_layer{l.Index}", l.InputLength, l.OutputLength, l.Row.Implementation,
                slot?.Input, slot?.Output, written);
        }).ToList();

        return new CNetworkExport(
            model.Class.Name, export.HeaderName, export.Header, export.SourceName, export.Source, model.InputLength, model.OutputLength,
            model.InputScale, model.FlashBytes, model.RamBytes, export.ArenaName, export.Arena.Length, layers);
    }

    private static NetworkModel Plan(CExportRequest request)
    {
        var classInfo = new ClassInfo(request.Namespace, request.ClassName, IsStatic: true, ImmutableEquatableArray<string>.Empty);
        var weights = new WeightFileContent(
            request.WeightFileName, request.WeightFileName, null, request.WeightBytes, WeightFileText.Sha256Hex(request.WeightBytes), null);
        var calibration = request.CalibrationFileName is { } name ? new CalibrationContent(name, request.CalibrationText ?? string.Empty) : null;
        var options = request.MaxUnrolledWeights is { } limit ? new GeneratorOptions(limit) : GeneratorOptions.Default;
        var (model, problem) = Planner.PlanDeclared(classInfo, request.Definition, weights, calibration, options);
        return model ?? throw new InvalidOperationException($"{request.ClassName} cannot be planned: {problem}");
    }
}
