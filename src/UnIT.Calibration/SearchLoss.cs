namespace UnIT.Calibration;

/// <summary>How the θ and T searches measure what a setting costs on the calibration digits (docs/calibration.md, "Loss").</summary>
public enum SearchLoss
{
    /// <summary>
    /// Every digit the reference classifies correctly counts 1 if the setting misclassifies it, else the drop of the
    /// softmax probability of its true class (0 if it rises). Never below <see cref="FlippedDigits"/>; near misses count
    /// in part, so a search that tries many settings fits the few digits that happen to flip less (the default).
    /// </summary>
    TrueClassProbability,

    /// <summary>Digits the reference classifies correctly and the setting does not (the paper's accuracy criterion).</summary>
    FlippedDigits,
}
