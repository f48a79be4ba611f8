namespace UnIT.Calibration;

/// <summary>
/// How <see cref="Calibrator"/> searches. The defaults follow the UnIT paper where it says something (θ: start at 1,
/// double while within 0.2 points, then bisect; last layer first) and <c>docs/calibration.md</c> where it does not.
/// </summary>
public sealed record CalibrationOptions
{
    /// <summary>The defaults.</summary>
    public static CalibrationOptions Default { get; } = new();

    /// <summary>
    /// Allowed accuracy loss of the final settings (θ and T together), in percentage points against the reference (the
    /// same network with plain ReLUs and UnIT off), on the calibration data, counted as <see cref="SearchLoss"/> says.
    /// Counted pessimistically: digits fixed by chance do not offset the ones broken.
    /// </summary>
    public double AccuracyBudgetPoints { get; init; } = 0.5;

    /// <summary>
    /// How the searches count the loss: <see cref="SearchLoss.TrueClassProbability"/> (default; flipped digits plus the
    /// true-class probability the others lost) or <see cref="SearchLoss.FlippedDigits"/> (flipped digits only).
    /// </summary>
    public SearchLoss SearchLoss { get; init; } = SearchLoss.TrueClassProbability;

    /// <summary>Allowed loss while searching the activation thresholds θ (the paper uses 0.2 points).</summary>
    public double ActivationBudgetPoints { get; init; } = 0.2;

    /// <summary>Whether to search θ; otherwise the declared θ of every ReLU is kept.</summary>
    public bool SearchActivationThresholds { get; init; } = true;

    /// <summary>
    /// Whether to search the UnIT thresholds T; otherwise the declared T of every layer and group is kept (0 in a
    /// baseline: UnIT off) and the run only prices them and measures ranges and statistics (a calibration file for a
    /// baseline class, or for one network's thresholds under another profile).
    /// </summary>
    public bool SearchThresholds { get; init; } = true;

    /// <summary>The first θ tried for each ReLU (the paper: 1).</summary>
    public float InitialActivationThreshold { get; init; } = 1f;

    /// <summary>At most this many doublings of θ per ReLU.</summary>
    public int MaxActivationDoublings { get; init; } = 8;

    /// <summary>Bisection steps between the last θ within budget and the first beyond it.</summary>
    public int ActivationBisectionSteps { get; init; } = 4;

    /// <summary>
    /// Output channels per threshold group of a convolution whose declaration sets no <c>GroupSize</c>: the largest
    /// divisor of its channel count not above this (4 → 3 for 6 channels, 4 for 16). 0 gives one group per layer.
    /// </summary>
    public int DefaultConvolutionGroupSize { get; init; } = 4;

    /// <summary>As <see cref="DefaultConvolutionGroupSize"/>, for dense layers (default 0: one group per layer).</summary>
    public int DefaultDenseGroupSize { get; init; }

    /// <summary>Group sizes by layer label that override the declaration and the defaults (0: one group).</summary>
    public IReadOnlyDictionary<string, int> GroupSizes { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// The kernel implementation whose cycles are minimised: <see cref="KernelImplementation.Auto"/> (default) prices
    /// every conv/dense layer with the cheapest of the implementations it supports, measured (what a planner that
    /// knew the data would pick); another value prices every layer with that one. A layer's own forced implementation
    /// always wins.
    /// </summary>
    public KernelImplementation Implementation { get; init; } = KernelImplementation.Auto;

    /// <summary>
    /// Threshold steps: each step up a group's ladder halves the share of its non-zero candidate products that are
    /// kept (50 %, 75 %, 87.5 %, … skipped); at most this many steps.
    /// </summary>
    public int MaxThresholdSteps { get; init; } = 10;

    /// <summary>Bisection steps (in skipped share) when a ladder step would break the budget.</summary>
    public int ThresholdBisectionSteps { get; init; } = 3;

    /// <summary>A safety stop on the number of evaluations of the threshold search.</summary>
    public int MaxEvaluations { get; init; } = 400;

    /// <summary>
    /// Cycles are averaged over the first this many calibration digits (every implementation priced runs on them);
    /// accuracy always uses all of them. 0 prices every digit. Averages over a few hundred digits differ from the full
    /// average by well under a percent, and pricing is most of an evaluation's time.
    /// </summary>
    public int PricingSamples { get; init; } = 250;

    /// <summary>Measured ranges (input, conv/dense outputs) are multiplied by this before they set Q15 scales.</summary>
    public double RangeMargin { get; init; } = 1.1;

    /// <summary>Digits whose products place each group's threshold ladder (the first ones of the calibration data).</summary>
    public int LadderSamples { get; init; } = 64;

    /// <summary>Number of non-zero |input| quantiles written per conv/dense layer.</summary>
    public int MagnitudeQuantiles { get; init; } = 16;

    /// <summary>The network name written into the file (default: the definition's name, i.e. the class name).</summary>
    public string? NetworkName { get; init; }

    /// <summary>Threads to use; −1 (default) uses every core. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal void Validate()
    {
        if (!(AccuracyBudgetPoints >= 0) || !(ActivationBudgetPoints >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(AccuracyBudgetPoints), "Accuracy budgets are percentage points >= 0.");
        }

        if (!(InitialActivationThreshold > 0) || float.IsInfinity(InitialActivationThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialActivationThreshold), InitialActivationThreshold, "Start θ at a positive finite value.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxActivationDoublings);
        ArgumentOutOfRangeException.ThrowIfNegative(ActivationBisectionSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(DefaultConvolutionGroupSize);
        ArgumentOutOfRangeException.ThrowIfNegative(DefaultDenseGroupSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxThresholdSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(ThresholdBisectionSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEvaluations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(LadderSamples, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(PricingSamples);
        ArgumentOutOfRangeException.ThrowIfLessThan(MagnitudeQuantiles, 1);
        if (!(RangeMargin >= 1) || double.IsInfinity(RangeMargin))
        {
            throw new ArgumentOutOfRangeException(nameof(RangeMargin), RangeMargin, "Use a margin >= 1.");
        }

        if (!Enum.IsDefined(SearchLoss))
        {
            throw new ArgumentOutOfRangeException(nameof(SearchLoss), SearchLoss, "Use TrueClassProbability or FlippedDigits.");
        }

        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use −1 (all cores) or a positive number.");
        }
    }

    /// <summary>
    /// Runs that count no events compute outputs with the reference interpreter instead of the faster
    /// <c>OutputRunner</c> (same results): the path before it, kept so that the benchmark can time both in one process
    /// and the tests can compare them.
    /// </summary>
    internal bool OutputsOnInterpreter { get; init; }
}
