using System.Globalization;
using UnIT.Collections;

namespace UnIT.Planning;

/// <summary>
/// What the planner assumes about a conv/dense layer's input activations: the share that is exactly zero and a few
/// representative magnitudes of the others (quantiles, in float units). Calibration measures them; without it the
/// planner assumes magnitudes spread evenly over the layer's input range.
/// </summary>
/// <param name="ZeroFraction">Share of inputs that are exactly 0.</param>
/// <param name="Magnitudes">Representative non-zero |a| values (e.g. 16 quantiles).</param>
/// <param name="Source">Where the numbers come from, for the generated file's explanation.</param>
public sealed record ActivationStatistics(double ZeroFraction, ImmutableEquatableArray<float> Magnitudes, string Source)
{
    /// <summary>Number of representative magnitudes the default assumption uses.</summary>
    public const int DefaultSampleCount = 16;

    private const string AssumedPrefix = "assumed: ";

    /// <summary>Whether these are the default assumption rather than measured statistics.</summary>
    public bool IsAssumption => Source.StartsWith(AssumedPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The default assumption: a zero share of ½ after a ReLU (none otherwise) and magnitudes uniform on (0, range].
    /// </summary>
    public static ActivationStatistics Assumed(double range, bool afterRelu)
    {
        var samples = Enumerable.Range(0, DefaultSampleCount).Select(i => (float)(range * (i + 0.5) / DefaultSampleCount));
        var zero = afterRelu ? 0.5 : 0.0;
        return new ActivationStatistics(zero, samples.ToImmutableEquatableArray(),
            AssumedPrefix + string.Format(CultureInfo.InvariantCulture, "{0:0}% zeros, magnitudes uniform on (0, {1:G4}]", zero * 100, range));
    }
}
