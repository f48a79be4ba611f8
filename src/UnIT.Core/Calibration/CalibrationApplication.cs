using UnIT.Collections;
using UnIT.Model;
using UnIT.Planning;

namespace UnIT.Calibration;

/// <summary>
/// How a calibration file informs a network: measured ranges fill the Q15 ranges the declaration leaves unset, and
/// measured input statistics replace the planner's default assumption. Thresholds are not applied: the declaration
/// stays the source of truth, and the analyzers point out where it differs from the calibrated values.
/// </summary>
public static class CalibrationApplication
{
    /// <summary>
    /// <paramref name="definition"/> with unset <c>InputRange</c> and per-layer <c>OutputRange</c> taken from
    /// <paramref name="calibration"/>.
    /// </summary>
    public static NetworkDefinition WithMeasuredRanges(NetworkDefinition definition, CalibrationData calibration)
    {
        var layers = new List<LayerDefinition>();
        for (var i = 0; i < definition.Layers.Count; i++)
        {
            var layer = definition.Layers[i];
            if (layer is PrunableLayer prunable && prunable.Pruning.OutputRange is null
                && calibration.Layer(definition.LayerLabel(i))?.OutputRange is { } measured)
            {
                var pruning = prunable.Pruning with { OutputRange = measured };
                layer = prunable switch
                {
                    ConvolutionLayer conv => conv with { Pruning = pruning },
                    DenseLayer dense => dense with { Pruning = pruning },
                    _ => layer,
                };
            }

            layers.Add(layer);
        }

        var options = definition.Options.InputRange is null ? definition.Options with { InputRange = calibration.InputRange } : definition.Options;
        return definition with { Layers = layers.ToImmutableEquatableArray(), Options = options };
    }

    /// <summary>
    /// Why <paramref name="calibration"/> does not fit <paramref name="definition"/>'s inputs, or <see langword="null"/>: a
    /// file measured on raw inputs with a training normalisation folded in (thresholds, ranges and statistics all in
    /// those terms) says nothing reliable about a network that takes normalised inputs, and the other way round.
    /// </summary>
    public static string? InputNormalizationMismatch(NetworkDefinition definition, CalibrationData calibration, string fileName)
    {
        var options = definition.Options;
        if (options.InputMean == calibration.InputMean && options.InputStandardDeviation == calibration.InputStandardDeviation)
        {
            return null;
        }

        static string Describe(bool folds, float mean, float deviation) => folds
            ? FormattableString.Invariant($"InputMean = {mean:R}, InputStandardDeviation = {deviation:R} folded")
            : "no input normalisation folded (InputMean = 0, InputStandardDeviation = 1)";
        return $"Calibration file '{fileName}' was measured with {Describe(calibration.FoldsInputNormalization, calibration.InputMean, calibration.InputStandardDeviation)}, "
            + $"but network '{definition.Name}' declares {Describe(options.FoldsInputNormalization, options.InputMean, options.InputStandardDeviation)}; its thresholds and ranges are "
            + "in the other network's input terms. Declare the file's values on [UnitNetwork], or recalibrate the network as declared "
            + "(`unit calibrate --fold-normalization` folds MNIST's)";
    }

    /// <summary>The measured input statistics of each conv/dense layer, for <see cref="KernelPlanner.Plan"/>.</summary>
    public static IReadOnlyDictionary<string, ActivationStatistics> Statistics(CalibrationData calibration) =>
        calibration.Layers
            .Where(l => l.InputZeroFraction is not null && l.InputMagnitudes.Count > 0)
            .ToDictionary(
                l => l.Label,
                l => new ActivationStatistics(l.InputZeroFraction!.Value, l.InputMagnitudes, FormattableString.Invariant(
                    $"calibrated on {calibration.Samples} samples: {l.InputZeroFraction.Value * 100:0.#}% zeros, median |a| {l.InputMagnitudes[l.InputMagnitudes.Count / 2]:G3}")),
                StringComparer.Ordinal);
}
