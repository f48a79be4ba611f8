using UnIT.Collections;
using UnIT.Model;

namespace UnIT.Calibration;

/// <summary>
/// What calibration measured and chose for one network (written by <c>unit calibrate</c>, read by the generator and
/// the analyzers): thresholds chosen on calibration data under an accuracy budget, activation ranges for Q15 scales,
/// and input statistics that guide the kernel planner.
/// </summary>
/// <param name="Network">The network class's name.</param>
/// <param name="Format">Number format it was calibrated in.</param>
/// <param name="Profile">Cost profile whose cycles were minimised.</param>
/// <param name="Division">Division approximation used.</param>
/// <param name="InputRange">Largest |input| seen (with margin).</param>
/// <param name="AccuracyBudgetPoints">Allowed accuracy loss, percentage points.</param>
/// <param name="BaselineAccuracy">Accuracy without UnIT on the calibration digits (0..1).</param>
/// <param name="CalibratedAccuracy">Accuracy with the chosen settings on the calibration digits (0..1).</param>
/// <param name="Samples">How many calibration samples were used.</param>
/// <param name="Layers">Per-layer settings and measurements, in network order.</param>
public sealed record CalibrationData(
    string Network,
    NumberFormat Format,
    TargetProfile Profile,
    DivisionApproximation Division,
    float InputRange,
    double AccuracyBudgetPoints,
    double BaselineAccuracy,
    double CalibratedAccuracy,
    int Samples,
    ImmutableEquatableArray<CalibratedLayer> Layers)
{
    /// <summary>
    /// Mean of the training normalisation the calibrated network folds (it was calibrated on raw inputs, see
    /// <c>NetworkOptions.InputMean</c>); 0 with a standard deviation of 1 when it folds none.
    /// </summary>
    public float InputMean { get; init; }

    /// <summary>Standard deviation of the folded training normalisation; 1 when none is folded.</summary>
    public float InputStandardDeviation { get; init; } = 1f;

    /// <summary>Whether the calibrated network folds a training normalisation (and so took raw inputs).</summary>
    public bool FoldsInputNormalization => NetworkOptions.FoldsNormalization(InputMean, InputStandardDeviation);

    /// <summary>The entry for layer <paramref name="label"/>, if any.</summary>
    public CalibratedLayer? Layer(string label) => Layers.FirstOrDefault(l => l.Label == label);
}

/// <summary>One layer's calibrated settings and measurements; absent values are <see langword="null"/> or empty.</summary>
/// <param name="Label">Layer label (<c>conv1</c>, <c>relu1</c>).</param>
/// <param name="Threshold">Chosen UnIT threshold T (conv/dense).</param>
/// <param name="GroupSize">Group size when per-group thresholds were chosen (0 otherwise).</param>
/// <param name="GroupThresholds">Chosen per-group thresholds (empty otherwise).</param>
/// <param name="ActivationThreshold">Chosen θ (ReLU).</param>
/// <param name="OutputRange">Largest |output| seen, with margin (conv/dense).</param>
/// <param name="InputZeroFraction">Share of exactly-zero inputs (conv/dense).</param>
/// <param name="InputMagnitudes">Quantiles of non-zero |input| (conv/dense), ascending.</param>
public sealed record CalibratedLayer(
    string Label,
    float? Threshold,
    int GroupSize,
    ImmutableEquatableArray<float> GroupThresholds,
    float? ActivationThreshold,
    float? OutputRange,
    double? InputZeroFraction,
    ImmutableEquatableArray<float> InputMagnitudes);
