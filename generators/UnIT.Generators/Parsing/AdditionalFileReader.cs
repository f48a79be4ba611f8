using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using UnIT.Generators.Models;
using UnIT.NumPy;

namespace UnIT.Generators.Parsing;

/// <summary>Reads the AdditionalFiles the build provides: converted weight files, calibration files, build knobs.</summary>
internal static class AdditionalFileReader
{
    /// <summary>Calibration files end with this (listed as <c>UnitCalibration</c> items).</summary>
    public const string CalibrationExtension = UnIT.Calibration.CalibrationFile.Extension;

    public static bool IsWeightFile(AdditionalText text) => WeightFileText.IsWeightFileText(text.Path);

    public static bool IsCalibrationFile(AdditionalText text) => text.Path.EndsWith(CalibrationExtension, StringComparison.OrdinalIgnoreCase);

    public static WeightFileContent ReadWeights(AdditionalText text, CancellationToken cancellationToken)
    {
        var name = WeightFileText.WeightFileNameOf(text.Path) ?? Path.GetFileName(text.Path);
        var source = text.GetText(cancellationToken)?.ToString();
        if (source is null)
        {
            return new WeightFileContent(name, name, null, [], string.Empty, "the converted file could not be read");
        }

        return WeightFileText.TryDecode(source, out var content, out var problem)
            ? new WeightFileContent(content!.Name, content.Item, content.FullPath, content.Bytes, content.Sha256, null)
            : new WeightFileContent(name, name, null, [], string.Empty, problem);
    }

    public static CalibrationContent ReadCalibration(AdditionalText text, CancellationToken cancellationToken) =>
        new(Path.GetFileName(text.Path), text.GetText(cancellationToken)?.ToString() ?? string.Empty);

    public static GeneratorOptions ReadOptions(AnalyzerConfigOptionsProvider provider, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return provider.GlobalOptions.TryGetValue("build_property.UnitMaxUnrolledWeights", out var text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit)
            && limit >= 0
                ? new GeneratorOptions(limit)
                : GeneratorOptions.Default;
    }
}
