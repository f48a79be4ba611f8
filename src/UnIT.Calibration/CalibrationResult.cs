using UnIT.Costs;
using UnIT.Model;

namespace UnIT.Calibration;

/// <summary>What <see cref="Calibrator.Calibrate"/> chose and measured.</summary>
/// <param name="Data">The calibration file's content (<see cref="CalibrationFile.Write"/>).</param>
/// <param name="Definition">The network with the chosen θ, T and measured ranges applied (run it with the interpreter).</param>
/// <param name="ReferenceAccuracyPercent">Accuracy of the reference (plain ReLUs, UnIT off) on the calibration digits.</param>
/// <param name="AccuracyPercent">Accuracy with the chosen settings on the calibration digits.</param>
/// <param name="ReferenceCycles">Cycles per inference of the reference, each layer with its cheapest implementation.</param>
/// <param name="Cycles">Cycles per inference with the chosen settings, each layer with its cheapest implementation.</param>
/// <param name="ReferenceMacs">MACs per inference of the reference (zero-weight products removed).</param>
/// <param name="Macs">MACs per inference with the chosen settings.</param>
/// <param name="DenseMacs">MACs of a dense inference.</param>
/// <param name="Implementations">The cheapest implementation of each conv/dense layer with the chosen settings, by label.</param>
/// <param name="LayerEvents">Every layer's events summed over the priced digits (cheapest implementations), by label.</param>
/// <param name="PricedSamples">How many (first) calibration digits the events and cycles were counted on.</param>
/// <param name="Steps">Every evaluation of the θ and T searches, in order.</param>
/// <param name="Evaluations">Evaluations over the calibration digits in total.</param>
public sealed record CalibrationResult(
    CalibrationData Data,
    NetworkDefinition Definition,
    double ReferenceAccuracyPercent,
    double AccuracyPercent,
    double ReferenceCycles,
    double Cycles,
    double ReferenceMacs,
    double Macs,
    long DenseMacs,
    IReadOnlyDictionary<string, KernelImplementation> Implementations,
    IReadOnlyDictionary<string, EventCounts> LayerEvents,
    int PricedSamples,
    IReadOnlyList<CalibrationStep> Steps,
    int Evaluations)
{
    /// <summary>
    /// Accuracy lost on the confirmation digits with the written settings, in points (counted as on the calibration
    /// digits); null when the run had no confirmation digits.
    /// </summary>
    public double? ConfirmationLossPoints { get; init; }

    /// <summary>The factor the search's thresholds were scaled by to fit the budget on the confirmation digits (1: kept as found).</summary>
    public double ConfirmationScale { get; init; } = 1;
}
