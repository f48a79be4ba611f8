using UnIT.Calibration.DomainShift;
using UnIT.Costs;
using UnIT.Training.Data;
using UnIT.Training.Data.Shifts;

namespace Mnist.Evaluation;

/// <summary>One method on one profile under one shift (or on the clean digits: <see cref="Shift"/> null).</summary>
internal sealed record ShiftResult(DigitShift? Shift, ShiftMethod Method, ShiftProfile Profile, ShiftMeasurement Measurement)
{
    /// <summary>The shift's name, or "clean".</summary>
    public string ShiftName => Shift?.Name ?? "clean";
}

/// <summary>
/// The domain-shift protocol's measurements (docs/domain-shift.md) from the committed artifacts in models/domain-shift:
/// every method on both profiles on the first shifted test digits of every shift, and the clean methods on as many
/// clean test digits. Clean methods run their generated classes; the retrained and re-calibrated ones run the reference
/// interpreter (the same outputs and event counts as generated kernels).
/// </summary>
internal static class DomainShiftRun
{
    /// <summary>
    /// Runs the clean digits and <paramref name="shifts"/>; <paramref name="step"/> is called after each. The classes must
    /// take raw pixels (fold the normalisation), as the shifted digits are made.
    /// </summary>
    public static IReadOnlyList<ShiftResult> Run(IReadOnlyList<CompiledNetwork> networks, ShiftArtifacts artifacts, IReadOnlyList<DigitShift> shifts, Dataset cleanTest, int digits, Action step)
    {
        if (networks.Any(n => !n.Definition.Options.FoldsInputNormalization))
        {
            throw new InvalidOperationException("The domain-shift digits are raw pixels (p/255); calibrate every class with --fold-normalization.");
        }

        var results = new List<ShiftResult>();
        foreach (var shift in new DigitShift?[] { null }.Concat(shifts))
        {
            var data = shift is null ? cleanTest.Take(digits) : ShiftProtocol.TestSet(shift, digits).Data;
            foreach (var profile in ShiftProfile.All)
            {
                foreach (var method in ShiftMethods.All.Where(m => shift is not null || GeneratedClass(m, profile) is not null))
                {
                    results.Add(new ShiftResult(shift, method, profile, Measure(networks, artifacts, shift, method, profile, data)));
                }
            }

            step();
        }

        return results;
    }

    /// <summary>The sample's class that runs a clean method on a profile (UnIT: the Bucketed class), or null.</summary>
    public static string? GeneratedClass(ShiftMethod method, ShiftProfile profile) => method switch
    {
        ShiftMethod.Dense or ShiftMethod.Pruned => profile.CleanCalibrationName(method),
        ShiftMethod.UnitClean => profile.CleanCalibrationName(method)[..^"Gather".Length] + "Bucketed",
        _ => null,
    };

    private static ShiftMeasurement Measure(IReadOnlyList<CompiledNetwork> networks, ShiftArtifacts artifacts, DigitShift? shift, ShiftMethod method, ShiftProfile profile, Dataset data)
    {
        var profileCosts = CostProfile.For(profile.Profile);
        if (GeneratedClass(method, profile) is { } name)
        {
            var network = networks.Single(n => n.Name == name);
            return ShiftMeasurement.Measure(data, () => new UnIT.Ledger.InferenceLedger(network.Layout), (pixels, ledger) => network.Predict(pixels, ledger), profileCosts);
        }

        // The dense class of the profile without UnIT is the paper's network with the profile's options.
        var model = networks.Single(n => n.Name == profile.CleanCalibrationName(ShiftMethod.Dense)).Definition;
        var interpreter = artifacts.Interpreter(shift!, method, profile, model);
        return ShiftMeasurement.Measure(data, interpreter.CreateLedger, interpreter.Predict, profileCosts);
    }

}
