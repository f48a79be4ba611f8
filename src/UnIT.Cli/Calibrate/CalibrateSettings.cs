using UnIT.Calibration;
using UnIT.Model;
using UnIT.NumPy;

namespace UnIT.Cli;

/// <summary>What <c>unit calibrate</c> was asked to do.</summary>
internal sealed record CalibrateSettings(NetworkDefinition Definition, string WeightFile, string OutputPath, int Samples, CalibrationOptions Options)
{
    /// <summary>The weights embedded in the assembly the network came from (--assembly), if so.</summary>
    public WeightFile? DeclaredWeights { get; init; }

    /// <summary>The network's weights: embedded, or read from --weights.</summary>
    public WeightFile LoadWeights() => DeclaredWeights ?? NumPy.WeightFile.Load(WeightFile);
}
