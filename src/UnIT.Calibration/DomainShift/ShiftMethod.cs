namespace UnIT.Calibration.DomainShift;

/// <summary>What the domain-shift protocol compares on every shift (docs/domain-shift.md).</summary>
public enum ShiftMethod
{
    /// <summary>The clean dense model alone: no retraining, no UnIT.</summary>
    Dense,

    /// <summary>The clean magnitude-pruned model alone.</summary>
    Pruned,

    /// <summary>The dense model fine-tuned on shifted train digits, alone.</summary>
    DenseRetrained,

    /// <summary>The pruned model fine-tuned on shifted train digits with its mask kept (the paper's "retrained"), alone.</summary>
    PrunedRetrained,

    /// <summary>UnIT on the clean dense model with its clean calibration, as is.</summary>
    UnitClean,

    /// <summary>UnIT on the clean dense model, θ, T and ranges re-calibrated on a few shifted calibration digits.</summary>
    UnitRecalibrated,
}

/// <summary>Names and descriptions of <see cref="ShiftMethod"/>.</summary>
public static class ShiftMethods
{
    /// <summary>Every method, in the order tables list them.</summary>
    public static IReadOnlyList<ShiftMethod> All { get; } = Enum.GetValues<ShiftMethod>();

    /// <summary>A short label for tables and plots.</summary>
    public static string Label(this ShiftMethod method) => method switch
    {
        ShiftMethod.Dense => "dense",
        ShiftMethod.Pruned => "pruned",
        ShiftMethod.DenseRetrained => "dense, retrained",
        ShiftMethod.PrunedRetrained => "pruned, retrained",
        ShiftMethod.UnitClean => "UnIT, clean calibration",
        ShiftMethod.UnitRecalibrated => "UnIT, re-calibrated",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>Whether the method trains on shifted digits.</summary>
    public static bool Retrains(this ShiftMethod method) => method is ShiftMethod.DenseRetrained or ShiftMethod.PrunedRetrained;

    /// <summary>Whether the method runs UnIT thresholds.</summary>
    public static bool UsesUnit(this ShiftMethod method) => method is ShiftMethod.UnitClean or ShiftMethod.UnitRecalibrated;
}
