using UnIT.Model;

namespace UnIT.Calibration.DomainShift;

/// <summary>
/// One of the two emulated targets every method is priced on, with the division UnIT uses there (as the MNIST sample's
/// UnIT classes do: the reciprocal table on MPY32, the FloatBits trick on soft float).
/// </summary>
/// <param name="Key">Short key for file names: <c>q15</c> or <c>soft</c>.</param>
/// <param name="Label">For tables: "Q15 / MPY32" or "Float32 / soft float".</param>
/// <param name="Profile">The emulated MCU.</param>
/// <param name="Format">The number format on it.</param>
/// <param name="Division">The division approximation UnIT uses on it.</param>
/// <param name="ClassStem">The MNIST sample's class-name part for it: <c>Q15</c> or <c>Soft</c> (its clean calibration files).</param>
public sealed record ShiftProfile(string Key, string Label, TargetProfile Profile, NumberFormat Format, DivisionApproximation Division, string ClassStem)
{
    /// <summary>Q15 on the MSP430FR5994 with its MPY32 multiplier.</summary>
    public static ShiftProfile Q15 { get; } = new("q15", "Q15 / MPY32", TargetProfile.Msp430FR5994, NumberFormat.Q15, DivisionApproximation.ReciprocalLut, "Q15");

    /// <summary>Float32 in software on the same MCU.</summary>
    public static ShiftProfile SoftFloat { get; } = new("soft", "Float32 / soft float", TargetProfile.Msp430FR5994SoftFloat, NumberFormat.Float32, DivisionApproximation.FloatBits, "Soft");

    /// <summary>Both profiles.</summary>
    public static IReadOnlyList<ShiftProfile> All { get; } = [Q15, SoftFloat];

    /// <summary>The network options of this profile (raw pixels, MNIST's normalisation folded into conv1, as the sample's classes).</summary>
    public NetworkOptions Options(float inputMean, float inputStandardDeviation) =>
        new() { Format = Format, Profile = Profile, Division = Division, InputMean = inputMean, InputStandardDeviation = inputStandardDeviation };

    /// <summary>The sample's clean calibration file of <paramref name="method"/>'s model alone or with UnIT on this profile.</summary>
    public string CleanCalibrationName(ShiftMethod method) => method switch
    {
        ShiftMethod.Dense => $"MnistDense{ClassStem}",
        ShiftMethod.Pruned => $"MnistPruned{ClassStem}",
        ShiftMethod.UnitClean => $"MnistDense{ClassStem}{Division}Gather",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Only the clean methods have a clean calibration."),
    };
}
