namespace UnIT.Model;

/// <summary>Network-wide settings (the <c>[UnitNetwork]</c> attribute's named arguments).</summary>
public sealed record NetworkOptions
{
    /// <summary>Number format the kernels compute in.</summary>
    public NumberFormat Format { get; init; } = NumberFormat.Float32;

    /// <summary>The emulated target whose costs the ledger is priced with and the planner optimises for.</summary>
    public TargetProfile Profile { get; init; } = TargetProfile.Msp430FR5994;

    /// <summary>How the quotient <c>T/|a|</c> is computed.</summary>
    public DivisionApproximation Division { get; init; } = DivisionApproximation.Exact;

    /// <summary>Threshold of every prunable layer that does not set its own; 0 turns UnIT off.</summary>
    public float DefaultThreshold { get; init; }

    /// <summary>
    /// The largest <c>|input|</c> (sets the Q15 scale of the network input); <see langword="null"/> assumes 1.
    /// </summary>
    public float? InputRange { get; init; }

    /// <summary>
    /// Mean of the normalisation the model was trained with: it was trained on <c>(x − InputMean) / InputStandardDeviation</c>
    /// and the network now takes <c>x</c> itself. The normalisation is folded into the first conv/dense layer (exactly,
    /// without padding), so the target never normalises and inputs that are 0 (an MNIST background) are skipped.
    /// 0 with a standard deviation of 1: nothing to fold.
    /// </summary>
    public float InputMean { get; init; }

    /// <summary>Standard deviation of the training normalisation (see <see cref="InputMean"/>); 1 with a mean of 0: nothing to fold.</summary>
    public float InputStandardDeviation { get; init; } = 1f;

    /// <summary>Whether a training normalisation is folded into the first conv/dense layer.</summary>
    public bool FoldsInputNormalization => FoldsNormalization(InputMean, InputStandardDeviation);

    /// <summary>Whether a normalisation with this mean and standard deviation changes anything (0 and 1 change nothing).</summary>
    internal static bool FoldsNormalization(float mean, float standardDeviation) => mean != 0f || standardDeviation != 1f;

    /// <summary>Mantissa bits that index the reciprocal table of <see cref="DivisionApproximation.ReciprocalLut"/>.</summary>
    public int ReciprocalTableBits { get; init; } = 4;

    /// <summary>Default options.</summary>
    public static NetworkOptions Default { get; } = new();
}
