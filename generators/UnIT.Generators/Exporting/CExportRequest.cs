using UnIT.Model;

namespace UnIT.Generators.Exporting;

/// <summary>
/// What the generator planned one <c>[UnitNetwork]</c> class from, as a built assembly still holds it: the class's
/// place, its <c>Definition</c>, the weight file embedded beside it, the calibration file the build listed and the
/// <c>UnitMaxUnrolledWeights</c> knob. <see cref="CExporter.Export"/> plans from these exactly as the build did.
/// </summary>
/// <param name="Namespace">The class's namespace (empty for the global one).</param>
/// <param name="ClassName">The class name, which names the C files and functions.</param>
/// <param name="Definition">The generated <c>Definition</c> (thresholds, ranges, format, profile, division).</param>
/// <param name="WeightFileName">The weight file's name (<c>WeightFileName</c>).</param>
/// <param name="WeightBytes">The weight file's exact bytes (<c>OpenWeightFile()</c>).</param>
/// <param name="CalibrationFileName">The calibration file's name, or null when the class names none.</param>
/// <param name="CalibrationText">The calibration file's text, or null.</param>
/// <param name="MaxUnrolledWeights">The build's <c>UnitMaxUnrolledWeights</c> (null: the generator's default).</param>
public sealed record CExportRequest(
    string Namespace,
    string ClassName,
    NetworkDefinition Definition,
    string WeightFileName,
    byte[] WeightBytes,
    string? CalibrationFileName = null,
    string? CalibrationText = null,
    int? MaxUnrolledWeights = null);
