using System.Globalization;
using System.Reflection;
using UnIT.Calibration;
using UnIT.Generators.Exporting;
using UnIT.Ledger;

namespace UnIT.Cli;

/// <summary>
/// The MSP430 C export of a [UnitNetwork] class in a built assembly, planned as the build planned its C# kernels: the
/// class's <c>Definition</c> and embedded weight file, the calibration file the build embedded
/// (<c>UnIT.Calibration.&lt;file&gt;</c>, whose statistics chose the kernels) and the build's
/// <c>UnitMaxUnrolledWeights</c> (assembly metadata <c>UnIT.MaxUnrolledWeights</c>) go through the generator's
/// <see cref="CExporter"/>. The kernel chosen per layer is checked against the class's <c>LedgerLayout</c>.
/// </summary>
internal static class DeclaredCExport
{
    /// <summary>Manifest-resource prefix of the calibration files the build embeds (UnIT.Generators.targets).</summary>
    public const string CalibrationResourcePrefix = "UnIT.Calibration.";

    /// <summary>Assembly metadata key carrying the build's <c>UnitMaxUnrolledWeights</c>.</summary>
    public const string MaxUnrolledWeightsKey = "UnIT.MaxUnrolledWeights";

    /// <summary>Plans and spells <paramref name="declared"/> as C.</summary>
    /// <exception cref="InvalidOperationException">The plan differs from the one the build made (the assembly predates embedded calibration files).</exception>
    public static CNetworkExport Export(DeclaredNetwork declared)
    {
        var assembly = declared.Class.Assembly;
        var calibration = Calibration(assembly, declared.Definition.Name);
        var export = CExporter.Export(new CExportRequest(
            declared.Class.Namespace ?? string.Empty, declared.Class.Name, declared.Definition, declared.WeightFileName, declared.WeightBytes,
            calibration?.Name, calibration?.Text, MaxUnrolledWeights(assembly)));

        var layout = (LedgerLayout)declared.Class.GetProperty("LedgerLayout", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var differing = export.Layers.Where(l => layout.Layers[l.Index].Implementation != l.Implementation).ToArray();
        if (differing.Length > 0)
        {
            throw new InvalidOperationException(
                $"{declared.Class.Name}: the plan differs from the built C# kernels ({string.Join(", ", differing.Select(l => $"{l.Label}: {l.Implementation} here, {layout.Layers[l.Index].Implementation} in the build"))}). "
                + "The build did not embed the calibration file it planned with; rebuild the project with this version of UnIT.Generators.");
        }

        return export;
    }

    /// <summary>The embedded calibration file made for network <paramref name="network"/>, if the build embedded one.</summary>
    private static (string Name, string Text)? Calibration(Assembly assembly, string network)
    {
        var matching = new List<(string Name, string Text)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(CalibrationResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            if (CalibrationFile.TryParse(text, out var data, out _) && data!.Network == network)
            {
                matching.Add((resource[CalibrationResourcePrefix.Length..], text));
            }
        }

        return matching.DistinctBy(m => m.Text).Count() switch
        {
            0 => null,
            1 => matching[0],
            _ => throw new InvalidOperationException(
                $"{assembly.GetName().Name} embeds {matching.Count} different calibration files for network '{network}' ({string.Join(", ", matching.Select(m => m.Name))}); keep one per network."),
        };
    }

    private static int? MaxUnrolledWeights(Assembly assembly) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == MaxUnrolledWeightsKey)?.Value is { } text
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) && limit >= 0
            ? limit
            : null;
}
