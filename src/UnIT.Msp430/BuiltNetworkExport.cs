using System.Globalization;
using System.Reflection;
using System.Text;
using UnIT.Calibration;
using UnIT.Generators.Exporting;

namespace UnIT.Msp430;

/// <summary>
/// The MSP430 C export of a generated [UnitNetwork] class in a built assembly, planned as the build planned its C#
/// kernels (<c>unit export-c</c>, <c>unit simulate</c> and the MNIST report use it): the
/// class's <c>Definition</c> and embedded weight file, the calibration file the build embedded
/// (<c>UnIT.Calibration.&lt;file&gt;</c>, whose statistics chose the kernels) and the build's
/// <c>UnitMaxUnrolledWeights</c> (assembly metadata <c>UnIT.MaxUnrolledWeights</c>) go through the generator's
/// <see cref="CExporter"/>. The kernel chosen per layer is checked against the class's <c>LedgerLayout</c>.
/// </summary>
public static class BuiltNetworkExport
{
    /// <summary>Manifest-resource prefix of the calibration files the build embeds (UnIT.Generators.targets).</summary>
    public const string CalibrationResourcePrefix = "UnIT.Calibration.";

    /// <summary>Assembly metadata key carrying the build's <c>UnitMaxUnrolledWeights</c>.</summary>
    public const string MaxUnrolledWeightsKey = "UnIT.MaxUnrolledWeights";

    /// <summary>UTF-8 without a byte-order mark: the comment tree draws with box characters, and C compilers take UTF-8.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Plans and spells the generated class <paramref name="network"/> as C.</summary>
    /// <exception cref="ArgumentException">The class is not a generated network.</exception>
    /// <exception cref="InvalidOperationException">The plan differs from the one the build made (the assembly predates embedded calibration files).</exception>
    public static CNetworkExport Export(Type network) => Export(GeneratedNetwork.Read(network));

    /// <summary>Plans and spells a generated class already read (<see cref="GeneratedNetwork.Read"/>) as C.</summary>
    /// <exception cref="InvalidOperationException">The plan differs from the one the build made (the assembly predates embedded calibration files).</exception>
    public static CNetworkExport Export(GeneratedNetwork generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        var network = generated.Class;
        var definition = generated.Definition;
        var layout = generated.LedgerLayout;
        var assembly = network.Assembly;
        var calibration = Calibration(assembly, definition.Name);
        var export = CExporter.Export(new CExportRequest(
            network.Namespace ?? string.Empty, network.Name, definition, generated.WeightFileName, generated.WeightFile,
            calibration?.Name, calibration?.Text, MaxUnrolledWeights(assembly)));

        var differing = export.Layers.Where(l => layout.Layers[l.Index].Implementation != l.Implementation).ToArray();
        if (differing.Length > 0)
        {
            throw new InvalidOperationException(
                $"{network.Name}: the plan differs from the built C# kernels ({string.Join(", ", differing.Select(l => $"{l.Label}: {l.Implementation} here, {layout.Layers[l.Index].Implementation} in the build"))}). "
                + "The build did not embed the calibration file it planned with; rebuild the project with this version of UnIT.Generators.");
        }

        return export;
    }

    /// <summary>
    /// Writes <paramref name="export"/>'s <c>&lt;Class&gt;.h</c> and <c>&lt;Class&gt;.c</c> into <paramref name="folder"/>
    /// (created if missing), as <c>unit export-c</c> and the build's <c>UnitExportC</c> both do. A file that already holds
    /// the same text is left alone, so its timestamp does not make a firmware build recompile it.
    /// </summary>
    /// <returns>The full paths of the two files.</returns>
    public static IReadOnlyList<string> Write(CNetworkExport export, DirectoryInfo folder)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(folder);
        folder.Create();
        var paths = new List<string>();
        foreach (var (name, text) in new[] { (export.HeaderName, export.Header), (export.SourceName, export.Source) })
        {
            var path = Path.Combine(folder.FullName, name);
            var bytes = Utf8.GetBytes(text);
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            {
                File.WriteAllBytes(path, bytes);
            }

            paths.Add(path);
        }

        return paths;
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
