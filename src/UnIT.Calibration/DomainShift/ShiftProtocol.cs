using UnIT.Collections;
using UnIT.Costs;
using UnIT.Planning;
using UnIT.Preparation;
using UnIT.Model;
using UnIT.Training;
using UnIT.Training.Data;
using UnIT.Training.Data.Shifts;
using UnIT.Training.Pruning;

namespace UnIT.Calibration.DomainShift;

/// <summary>
/// The domain-shift protocol's bookkeeping (docs/domain-shift.md): which shifted digits each step may see, how the
/// retrained models are fine-tuned, how a method's network is assembled, and where its artifacts live. Everything that
/// chooses (fine-tuning, ranges, thresholds, the confirmation) sees shifted <em>train</em> digits only; the shifted test
/// digits are only measured.
/// </summary>
public static class ShiftProtocol
{
    /// <summary>Shifted calibration digits for re-calibrating θ, T and ranges: train digits 0–499 (the clean calibration digits' first half).</summary>
    public const int CalibrationDigits = 500;

    /// <summary>Shifted validation digits confirming a re-calibration: train digits 7,000–7,499 (from the pruning-validation split).</summary>
    public const int ConfirmationDigits = 500;

    /// <summary>Passes over the shifted fine-tuning digits.</summary>
    public const int FineTuningEpochs = 2;

    /// <summary>Where the fine-tuning digits start in train (after the clean calibration digits).</summary>
    public const int FineTuningStart = MnistDataset.DefaultCalibrationCount;

    /// <summary>How many fine-tuning digits: train 1,000–6,999, the clean models' own training digits.</summary>
    public const int FineTuningCount = 6000;

    /// <summary>Where the confirmation digits start in train (the clean pruning-validation split).</summary>
    public const int ConfirmationStart = FineTuningStart + FineTuningCount;

    /// <summary>
    /// The fine-tuning recipe: the pruning baseline's (SGD, lr 0.001, momentum 0.9, constant rate, no translation
    /// augmentation, cross-entropy only) for <see cref="FineTuningEpochs"/> epochs. A pruned model keeps its mask.
    /// </summary>
    public static TrainingOptions FineTuning(int threads) =>
        MagnitudePruningOptions.Default.FineTuning with { Epochs = FineTuningEpochs, MaxDegreeOfParallelism = threads };

    /// <summary>The shifted digits a retrained model is fine-tuned on (normalised inputs, as the models were trained).</summary>
    public static ShiftedDigits FineTuningSet(DigitShift shift) =>
        ShiftedMnist.Create(shift, MnistSplit.Train, FineTuningStart, FineTuningCount, MnistPixels.Normalized);

    /// <summary>The shifted digits a calibration chooses on (raw pixels, as the folded networks take them).</summary>
    public static ShiftedDigits CalibrationSet(DigitShift shift) =>
        ShiftedMnist.Create(shift, MnistSplit.Train, 0, CalibrationDigits, MnistPixels.UnitInterval);

    /// <summary>The shifted digits a re-calibration is confirmed on.</summary>
    public static ShiftedDigits ConfirmationSet(DigitShift shift) =>
        ShiftedMnist.Create(shift, MnistSplit.Train, ConfirmationStart, ConfirmationDigits, MnistPixels.UnitInterval);

    /// <summary>The first <paramref name="count"/> shifted test digits: measured, never used to choose.</summary>
    public static ShiftedDigits TestSet(DigitShift shift, int count) =>
        ShiftedMnist.Create(shift, MnistSplit.Test, 0, count, MnistPixels.UnitInterval);

    /// <summary>The file name of a retrained model: <c>&lt;shift&gt;.dense.npz</c> or <c>&lt;shift&gt;.pruned.npz</c>.</summary>
    public static string WeightFileName(DigitShift shift, ShiftMethod method) => method switch
    {
        ShiftMethod.DenseRetrained => $"{shift.Name}.dense.npz",
        ShiftMethod.PrunedRetrained => $"{shift.Name}.pruned.npz",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Only retrained methods have their own weights."),
    };

    /// <summary>
    /// The calibration file (network name without the extension) a shift-specific method runs on a profile: the retrained
    /// models' ranges (no search) or UnIT's re-calibration.
    /// </summary>
    public static string CalibrationName(DigitShift shift, ShiftMethod method, ShiftProfile profile) => method switch
    {
        ShiftMethod.DenseRetrained => $"{shift.Name}.dense.{profile.Key}",
        ShiftMethod.PrunedRetrained => $"{shift.Name}.pruned.{profile.Key}",
        ShiftMethod.UnitRecalibrated => $"{shift.Name}.unit.{profile.Key}",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Clean methods use the sample's clean calibration files."),
    };

    /// <summary>
    /// <paramref name="model"/> (a definition without UnIT) with everything <paramref name="calibration"/> chose: θ, T,
    /// groups, and its ranges replacing any the definition carries (a retrained or re-calibrated network needs its own).
    /// </summary>
    public static NetworkDefinition WithCalibration(NetworkDefinition model, CalibrationData calibration)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layers = model.Layers.Select(layer => layer switch
        {
            ConvolutionLayer conv => conv with { Pruning = conv.Pruning with { OutputRange = null } },
            DenseLayer dense => dense with { Pruning = dense.Pruning with { OutputRange = null } },
            _ => layer,
        });
        var bare = model with { Layers = layers.ToImmutableEquatableArray(), Options = model.Options with { InputRange = null } };
        return CalibratedNetwork.Apply(bare, calibration);
    }

    /// <summary>
    /// The kernel of every conv/dense layer: Bucketed where the layer has a threshold, elsewhere the planner's choice for
    /// the input statistics measured in <paramref name="calibration"/> (the rule and the statistics the MNIST sample's
    /// generated classes use, so a network run by the interpreter runs the kernels its generated class would).
    /// </summary>
    public static IReadOnlyList<KernelImplementation> Kernels(PreparedNetwork network, CalibrationData calibration)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(calibration);
        var options = network.Definition.Options;
        var plan = KernelPlanner.Plan(network, options.Format, CostProfile.For(options.Profile), CalibrationApplication.Statistics(calibration));
        return network.MacLayers
            .Select(layer => layer.ReferenceThreshold > 0 ? KernelImplementation.Bucketed : plan.ChoiceFor(layer).Implementation)
            .ToArray();
    }

    /// <summary>The calibration options a re-calibration uses: the sample's (budget 0.5 points, θ budget 0.2), named for the file.</summary>
    public static CalibrationOptions Recalibration(string name, int threads) =>
        CalibrationOptions.Default with { NetworkName = name, MaxDegreeOfParallelism = threads };

    /// <summary>Ranges and statistics only (UnIT off, plain ReLUs): what a retrained model alone needs for Q15.</summary>
    public static CalibrationOptions RangesOnly(string name, int threads) =>
        CalibrationOptions.Default with { NetworkName = name, SearchThresholds = false, SearchActivationThresholds = false, MaxDegreeOfParallelism = threads };
}
