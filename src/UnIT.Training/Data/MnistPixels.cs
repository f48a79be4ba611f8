namespace UnIT.Training.Data;

/// <summary>How <see cref="MnistDataset"/> turns a grey level <c>p</c> (0–255) into a network input.</summary>
public enum MnistPixels
{
    /// <summary><c>(p/255 − 0.1307)/0.3081</c>: what the models are trained on.</summary>
    Normalized,

    /// <summary>
    /// <c>p/255</c>: for a network declared with <c>InputMean = 0.1307, InputStandardDeviation = 0.3081</c>, which folds the
    /// normalisation into its first layer. The background is then 0, and UnIT skips every product with it.
    /// </summary>
    UnitInterval,
}
