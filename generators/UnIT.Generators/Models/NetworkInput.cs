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
internal sealed record NetworkInput(ParsedNetwork Network, WeightFileContent? Weights, CalibrationContent? Calibration, GeneratorOptions Options);

/// <summary>A calibration file's text (an AdditionalFile), if the network names one.</summary>
internal sealed record CalibrationContent(string Name, string Text);
