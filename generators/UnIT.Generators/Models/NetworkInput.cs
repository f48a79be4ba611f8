using UnIT.Collections;

namespace UnIT.Generators.Models;

/// <summary>Build knobs read from MSBuild properties (<c>CompilerVisibleProperty</c>).</summary>
/// <param name="MaxUnrolledWeights">
/// Layers with more non-zero weights than this run table-driven loops instead of fully unrolled code
/// (<c>UnitMaxUnrolledWeights</c>; default 16384).
/// </param>
internal sealed record GeneratorOptions(int MaxUnrolledWeights)
{
    public const int DefaultMaxUnrolledWeights = 16_384;

    public static GeneratorOptions Default { get; } = new(DefaultMaxUnrolledWeights);
}

/// <summary>Everything one network's kernels depend on: its declaration, its weight file, the build knobs.</summary>
/// <param name="Network">The parsed declaration.</param>
/// <param name="Weights">The weight file it names, or null when the build has none by that name.</param>
/// <param name="Calibration">The calibration file it names, if any.</param>
/// <param name="Options">The build knobs.</param>
/// <param name="ListedWeightFiles">
/// When <paramref name="Weights"/> is null, the weight items the build does list (for UNIT101's suggestion); empty
/// otherwise, so adding an unrelated weight file leaves a matched network's input, and its cached plan, unchanged.
/// </param>
internal sealed record NetworkInput(
    ParsedNetwork Network, WeightFileContent? Weights, CalibrationContent? Calibration, GeneratorOptions Options,
    ImmutableEquatableArray<string> ListedWeightFiles);

/// <summary>A calibration file's text (an AdditionalFile), if the network names one.</summary>
internal sealed record CalibrationContent(string Name, string Text);
