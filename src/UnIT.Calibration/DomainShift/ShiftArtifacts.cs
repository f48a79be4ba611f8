using UnIT.Interpreter;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using UnIT.Training.Data.Shifts;

namespace UnIT.Calibration.DomainShift;

/// <summary>
/// Where the protocol's inputs and precomputed artifacts live: the clean models and calibration files in
/// <paramref name="ModelsDirectory"/> (the MNIST sample's <c>models/</c>), the retrained models and shift-specific
/// calibration files in <paramref name="ShiftDirectory"/> (its <c>models/domain-shift/</c>, written by <c>unit shift</c>).
/// </summary>
public sealed record ShiftArtifacts(string ModelsDirectory, string ShiftDirectory)
{
    /// <summary>The clean dense model.</summary>
    public string DenseWeights => Path.Combine(ModelsDirectory, "mnist-dense.npz");

    /// <summary>The clean magnitude-pruned model.</summary>
    public string PrunedWeights => Path.Combine(ModelsDirectory, "mnist-pruned.npz");

    /// <summary>Whether every file the protocol needs for <paramref name="shift"/> exists.</summary>
    public bool IsComplete(DigitShift shift) =>
        ShiftMethods.All.All(method => File.Exists(Weights(shift, method)) && ShiftProfile.All.All(profile => File.Exists(Calibration(shift, method, profile))));

    /// <summary>The weight file <paramref name="method"/> runs under <paramref name="shift"/>.</summary>
    public string Weights(DigitShift shift, ShiftMethod method) => method switch
    {
        ShiftMethod.Dense or ShiftMethod.UnitClean or ShiftMethod.UnitRecalibrated => DenseWeights,
        ShiftMethod.Pruned => PrunedWeights,
        _ => Path.Combine(ShiftDirectory, ShiftProtocol.WeightFileName(shift, method)),
    };

    /// <summary>The calibration file <paramref name="method"/> runs under <paramref name="shift"/> on <paramref name="profile"/>.</summary>
    public string Calibration(DigitShift shift, ShiftMethod method, ShiftProfile profile) => method switch
    {
        ShiftMethod.Dense or ShiftMethod.Pruned or ShiftMethod.UnitClean =>
            Path.Combine(ModelsDirectory, profile.CleanCalibrationName(method) + CalibrationFile.Extension),
        _ => Path.Combine(ShiftDirectory, ShiftProtocol.CalibrationName(shift, method, profile) + CalibrationFile.Extension),
    };

    /// <summary>
    /// The reference interpreter running <paramref name="method"/>: <paramref name="model"/> (the paper's network without
    /// UnIT, with the profile's options) with the method's calibration file applied, on the method's weights, with the
    /// kernels of <see cref="ShiftProtocol.Kernels"/>.
    /// </summary>
    public ReferenceInterpreter Interpreter(DigitShift shift, ShiftMethod method, ShiftProfile profile, NetworkDefinition model)
    {
        var path = Calibration(shift, method, profile);
        if (!CalibrationFile.TryParse(File.ReadAllText(path), out var calibration, out var problem))
        {
            throw new FormatException($"{path}: {problem}");
        }

        var network = PreparedNetwork.Prepare(ShiftProtocol.WithCalibration(model, calibration!), WeightFile.Load(Weights(shift, method)));
        return new ReferenceInterpreter(network, implementations: ShiftProtocol.Kernels(network, calibration!));
    }
}
