using UnIT.Model;

namespace UnIT.Preparation;

/// <summary>
/// Folds a training normalisation <c>x̂ = (x − mean) / std</c> into the first conv/dense layer, so the network takes
/// <c>x</c>: <c>Σ w·x̂ + b = Σ (w/std)·x + (b − (mean/std)·Σ w)</c>, per output channel. Exact (up to one float rounding)
/// when every input reaches the layer's products unchanged in meaning: no padding (a padded zero would stand for
/// <c>x̂ = 0</c>, i.e. <c>x = mean</c>) and only pooling or flattening before it (both commute with a positive affine map).
/// The point on an MCU: the input is never normalised, and inputs that are 0 (the background of a digit) become
/// zero activations the UnIT kernels skip.
/// </summary>
internal static class InputNormalization
{
    /// <summary>
    /// Rejects a normalisation that cannot be folded exactly into <paramref name="definition"/> (its values were checked
    /// by <see cref="NetworkValidation"/>).
    /// </summary>
    public static void Check(NetworkDefinition definition)
    {
        if (!definition.Options.FoldsInputNormalization)
        {
            return;
        }

        for (var i = 0; i < definition.Layers.Count; i++)
        {
            var layer = definition.Layers[i];
            switch (layer)
            {
                case PoolingLayer or FlattenLayer:
                    continue;
                case ConvolutionLayer { PaddingHeight: > 0 } or ConvolutionLayer { PaddingWidth: > 0 }:
                    throw Invalid(definition, i, definition.LayerLabel(i),
                        "InputMean/InputStandardDeviation cannot be folded into a padded convolution: its padded zeros stand for a normalised 0, "
                        + "which no raw input value reproduces at every border; normalise the inputs before calling the network and drop the two settings");
                case PrunableLayer:
                    return;
                default:
                    throw Invalid(definition, i, definition.LayerLabel(i),
                        $"InputMean/InputStandardDeviation fold into the first conv/dense layer, but a {layer.Kind} layer comes before it; "
                        + "normalise the inputs before calling the network and drop the two settings");
            }
        }

        throw Invalid(definition, null, null, "InputMean/InputStandardDeviation need a conv/dense layer to fold into; the network has none");
    }

    /// <summary>Whether layer <paramref name="index"/> is the one the normalisation folds into.</summary>
    public static bool FoldsInto(NetworkDefinition definition, int index) =>
        definition.Options.FoldsInputNormalization
        && definition.Layers[index] is PrunableLayer
        && !definition.Layers.Take(index).Any(l => l is PrunableLayer);

    /// <summary>
    /// Rewrites the layer's weights and bias in place (double arithmetic, one rounding to float each), so it computes
    /// on raw inputs what it computed on normalised ones.
    /// </summary>
    public static void Fold(NetworkOptions options, ConvGeometry geometry, float[] weights, float[] bias)
    {
        var std = (double)options.InputStandardDeviation;
        var shift = options.InputMean / std;
        for (var o = 0; o < geometry.OutChannels; o++)
        {
            var sum = 0.0;
            for (var i = o * geometry.FanIn; i < (o + 1) * geometry.FanIn; i++)
            {
                sum += weights[i];
                weights[i] = (float)(weights[i] / std);
            }

            bias[o] = (float)(bias[o] - (shift * sum));
        }
    }

    private static NetworkDefinitionException Invalid(NetworkDefinition definition, int? index, string? label, string problem) =>
        new(definition.Name, index, label, problem, NetworkProblemKind.InvalidSetting);
}
