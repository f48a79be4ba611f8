namespace UnIT.Calibration;

/// <summary>The stage a calibration run is in.</summary>
public enum CalibrationPhase
{
    /// <summary>Measuring the input and conv/dense output ranges (Float32, UnIT off).</summary>
    Ranges,

    /// <summary>Evaluating the reference: plain ReLUs, UnIT off, in the calibration format.</summary>
    Reference,

    /// <summary>The θ search (doubling, then bisection), last ReLU first.</summary>
    ActivationThresholds,

    /// <summary>The greedy search of the UnIT thresholds T per layer and group.</summary>
    Thresholds,

    /// <summary>
    /// Checking the chosen settings on held-out confirmation digits the search never saw, and scaling them back until
    /// they fit the budget there too.
    /// </summary>
    Confirmation,

    /// <summary>Measuring input statistics with the chosen settings.</summary>
    Statistics,

    /// <summary>Finished.</summary>
    Done,
}

/// <summary>A progress report: where the run is and what the current settings achieve.</summary>
/// <param name="Phase">The stage.</param>
/// <param name="Message">What was just done, for a status line.</param>
/// <param name="Evaluations">Evaluations over the calibration digits so far.</param>
/// <param name="EstimatedEvaluations">A rough expected total (grows if the search needs more).</param>
/// <param name="AccuracyPercent">Accuracy of the current settings on the calibration digits.</param>
/// <param name="Cycles">Emulated cycles per inference of the current settings (0 before the threshold search).</param>
public sealed record CalibrationProgress(
    CalibrationPhase Phase, string Message, int Evaluations, int EstimatedEvaluations, double AccuracyPercent, double Cycles);

/// <summary>One evaluation of the search, for the log and the tests.</summary>
/// <param name="Phase">θ or T search, or the confirmation.</param>
/// <param name="Layer">The layer whose setting was tried.</param>
/// <param name="Group">The threshold group (T search; 0 for θ).</param>
/// <param name="Value">The θ or T tried (in the confirmation: the factor every chosen θ and T was scaled by).</param>
/// <param name="SkipShare">For T: the share of the group's products the ladder placed it at (NaN for θ).</param>
/// <param name="AccuracyPercent">Accuracy with it, on the calibration digits (on the confirmation digits in that phase).</param>
/// <param name="Cycles">Cycles per inference with it (NaN when not priced).</param>
/// <param name="WithinBudget">Whether it stayed within the budget.</param>
/// <param name="Outcome">What the search did with it (accepted, rejected, bisection, stale…).</param>
public sealed record CalibrationStep(
    CalibrationPhase Phase, string Layer, int Group, float Value, double SkipShare, double AccuracyPercent, double Cycles, bool WithinBudget, string Outcome);
