using UnIT.Collections;
using UnIT.Model;

namespace UnIT.Calibration;

/// <summary>
/// Applies everything a calibration file chose to a network definition, for running it with the reference
/// interpreter (<c>unit evaluate</c>, threshold sweeps): number format, profile and division, θ of every ReLU, T and
/// groups of every conv/dense layer, and the measured ranges where the definition declares none. (The generator does
/// not do this: there the attributes are the source of truth and the analyzers compare them with the file.)
/// </summary>
public static class CalibratedNetwork
{
    /// <summary><paramref name="definition"/> with the settings of <paramref name="calibration"/>.</summary>
    /// <exception cref="ArgumentException">The file names a layer the network does not have.</exception>
    public static NetworkDefinition Apply(NetworkDefinition definition, CalibrationData calibration)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(calibration);
        var measured = ApplyThresholds(CalibrationApplication.WithMeasuredRanges(definition, calibration), calibration);
        var options = measured.Options with { Format = calibration.Format, Profile = calibration.Profile, Division = calibration.Division };
        return measured with { Options = options };
    }

    /// <summary>
    /// <paramref name="definition"/> with only the θ of every ReLU and the T and groups of every conv/dense layer that
    /// <paramref name="calibration"/> chose; format, profile, division and ranges stay as declared (running one
    /// network's thresholds under another profile or number format).
    /// </summary>
    /// <exception cref="ArgumentException">The file names a layer the network does not have.</exception>
    public static NetworkDefinition ApplyThresholds(NetworkDefinition definition, CalibrationData calibration)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(calibration);
        var labels = Enumerable.Range(0, definition.Layers.Count).Select(definition.LayerLabel).ToArray();
        var unknown = calibration.Layers.Select(l => l.Label).Where(l => !labels.Contains(l, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException(
                $"The calibration file describes layer(s) {string.Join(", ", unknown)} that network '{definition.Name}' does not have ({string.Join(", ", labels)}); calibrate this network.",
                nameof(calibration));
        }

        var layers = new List<LayerDefinition>();
        for (var i = 0; i < definition.Layers.Count; i++)
        {
            var layer = definition.Layers[i];
            var entry = calibration.Layer(labels[i]);
            layers.Add((layer, entry) switch
            {
                (ReluLayer, { ActivationThreshold: { } theta }) => new ReluLayer(theta),
                (PrunableLayer prunable, { Threshold: { } threshold }) => WithThresholds(prunable, threshold, entry.GroupSize, entry.GroupThresholds),
                _ => layer,
            });
        }

        return definition with { Layers = layers.ToImmutableEquatableArray() };
    }

    /// <summary>
    /// <paramref name="definition"/> with every conv/dense threshold (layer and group) multiplied by
    /// <paramref name="factor"/>: the one-parameter family a threshold sweep walks along.
    /// </summary>
    public static NetworkDefinition ScaleThresholds(NetworkDefinition definition, float factor)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var layers = definition.Layers.Select(layer => layer switch
        {
            PrunableLayer prunable => WithThresholds(
                prunable,
                definition.LayerThreshold(prunable) * factor,
                prunable.Pruning.GroupSize,
                prunable.Pruning.GroupThresholds.Select(t => t * factor).ToImmutableEquatableArray()),
            _ => layer,
        });
        return definition with { Layers = layers.ToImmutableEquatableArray() };
    }

    /// <summary><paramref name="layer"/> with its threshold settings replaced.</summary>
    public static LayerDefinition WithThresholds(PrunableLayer layer, float threshold, int groupSize, ImmutableEquatableArray<float> groupThresholds)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var pruning = layer.Pruning with { Threshold = threshold, GroupSize = groupSize, GroupThresholds = groupThresholds };
        return layer switch
        {
            ConvolutionLayer conv => conv with { Pruning = pruning },
            DenseLayer dense => dense with { Pruning = pruning },
            _ => throw new ArgumentException($"Layer kind {layer.Kind} has no thresholds.", nameof(layer)),
        };
    }

    /// <summary><paramref name="definition"/> with UnIT off and plain ReLUs: the model the calibrated settings prune.</summary>
    public static NetworkDefinition WithoutUnit(NetworkDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var layers = definition.Layers.Select(layer => layer switch
        {
            ReluLayer => new ReluLayer(0f),
            PrunableLayer prunable => WithThresholds(prunable, 0f, 0, ImmutableEquatableArray<float>.Empty),
            _ => layer,
        });
        return definition with { Layers = layers.ToImmutableEquatableArray(), Options = definition.Options with { DefaultThreshold = 0f } };
    }
}
