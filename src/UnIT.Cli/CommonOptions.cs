using System.CommandLine;
using UnIT.Calibration;
using UnIT.Model;
using UnIT.Training.Data;

namespace UnIT.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string> Layers() => new("--layers")
    {
        Description = $"The network, as a comma-separated layer list in execution order ({LayerList.Syntax}). Default: the paper's MNIST network.",
        DefaultValueFactory = _ => LayerList.PaperMnist,
        HelpName = "list",
    };

    public static Option<string> Input() => new("--input")
    {
        Description = "Input shape without the batch axis (C x H x W). The data are 28x28 MNIST digits, so keep the default unless you change the data.",
        DefaultValueFactory = _ => "1x28x28",
        HelpName = "shape",
    };

    public static Option<int> Holdout() => new("--holdout")
    {
        Description = "How many of the first train digits are held out of training and pruning: the calibration digits of `unit calibrate`.",
        DefaultValueFactory = _ => 1000,
        HelpName = "digits",
    };

    public static Option<int> Validation() => new("--validation")
    {
        Description = "How many of the last train digits are held out of training: the validation split that decides when pruning stops.",
        DefaultValueFactory = _ => 1000,
        HelpName = "digits",
    };

    /// <summary>Reads a calibration file; a malformed one is a <see cref="FormatException"/> that names it.</summary>
    public static CalibrationData ReadCalibration(FileInfo file) =>
        CalibrationFile.TryParse(File.ReadAllText(file.FullName), out var calibration, out var problem)
            ? calibration!
            : throw new FormatException($"{file.Name}: {problem}");

    /// <summary><paramref name="calibration"/>, refused when it was measured with a different input normalisation than <paramref name="definition"/> folds.</summary>
    public static CalibrationData Matching(CalibrationData calibration, NetworkDefinition definition, string fileName) =>
        CalibrationApplication.InputNormalizationMismatch(definition, calibration, fileName) is { } mismatch
            ? throw new FormatException(mismatch)
            : calibration;

    /// <summary>The digits a model is fitted on: train minus the first (calibration) and the last (validation) ones.</summary>
    public static (UnIT.Training.Data.Dataset Fit, UnIT.Training.Data.Dataset Validation) Split(UnIT.Training.Data.MnistDataset mnist, int validation)
    {
        var (rest, held) = mnist.SplitTrain(validation);
        var start = mnist.Calibration.Count;
        return (rest.Slice(start, rest.Count - start), held);
    }

    public static Option<double> ActivationL1(string trainingKind)
    {
        var option = new Option<double>("--activation-l1")
        {
            Description = $"Weight of an L1 penalty on every ReLU output during {trainingKind} (0: off). Trains sparser, smaller activations, so UnIT skips more products; 5e-4 suits the MNIST model.",
            DefaultValueFactory = _ => 0,
            HelpName = "weight",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var weight && !(weight >= 0 && double.IsFinite(weight)))
            {
                result.AddError(FormattableString.Invariant($"--activation-l1 {weight}: use 0 (no penalty) or a positive weight, e.g. 5e-4."));
            }
        });
        return option;
    }

    public static Option<int> Threads() => new("--threads")
    {
        Description = "Threads to use (-1: all cores). Results do not depend on it.",
        DefaultValueFactory = _ => -1,
        HelpName = "n",
    };

    public static Option<FileInfo> Weights(bool required = true) => new("--weights", "-w")
    {
        Description = "The weight file (.npz with PyTorch state_dict names: conv1.weight, conv1.bias, ...)."
            + (required ? string.Empty : " Not needed with --assembly: the weights embedded in the built assembly are used."),
        Required = required,
        HelpName = "file.npz",
    };

    public static Option<FileInfo?> Assembly() => new("--assembly")
    {
        Description = "Take the network from your built project instead of --layers/--weights: the .dll that holds the generated [UnitNetwork] class (with --class). Its declaration (layers, format, profile, division) and its embedded weights are used; --layers, --input, --format, --profile and --division are ignored.",
        HelpName = "bin/.../App.dll",
    };

    public static Option<string?> Class() => new("--class")
    {
        Description = "The [UnitNetwork] class in --assembly (simple or full name).",
        HelpName = "name",
    };

    public static Option<TargetProfile> Profile(TargetProfile defaultValue) => new("--profile")
    {
        Description = "The emulated MCU: Msp430FR5994 (Q15, MPY32 multiplier), Msp430FR5994SoftFloat (Float32 in software), Msp430NoMultiplier (Q15, no multiplier).",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<DivisionApproximation> Division(DivisionApproximation defaultValue) => new("--division")
    {
        Description = "How T/|a| is computed: Exact, Pow2 (a shift), ReciprocalLut (table + multiply; suits MPY32), FloatBits (IEEE bit trick; suits soft float).",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<NumberFormat?> Format() => new("--format")
    {
        Description = "Number format (default: Float32 for the soft-float profile, Q15 otherwise).",
    };

    /// <summary>The format a profile computes in unless told otherwise.</summary>
    public static NumberFormat FormatFor(TargetProfile profile, NumberFormat? requested) =>
        requested ?? (profile == TargetProfile.Msp430FR5994SoftFloat ? NumberFormat.Float32 : NumberFormat.Q15);

    public static Option<bool> FoldNormalization() => new("--fold-normalization")
    {
        Description = "The network takes pixels as p/255 and folds the training normalisation (x − 0.1307) / 0.3081 into its first layer, as [UnitNetwork(InputMean = 0.1307f, InputStandardDeviation = 0.3081f)] does: the same model, but background pixels are 0 and every product with them is skipped.",
    };

    /// <summary><paramref name="options"/> with MNIST's training normalisation folded when <paramref name="fold"/>.</summary>
    public static NetworkOptions WithNormalization(NetworkOptions options, bool fold) =>
        fold ? options with { InputMean = MnistDataset.Mean, InputStandardDeviation = MnistDataset.StandardDeviation } : options;

    /// <summary>The digits as <paramref name="definition"/> takes them: raw when it folds the normalisation.</summary>
    public static MnistPixels PixelsFor(NetworkDefinition definition) =>
        definition.Options.FoldsInputNormalization ? MnistPixels.UnitInterval : MnistPixels.Normalized;

    /// <summary>The network the options describe.</summary>
    public static NetworkDefinition Network(ParseResult result, Option<string> layers, Option<string> input, string name, NetworkOptions? options = null) =>
        LayerList.Parse(result.GetValue(layers)!, name, result.GetValue(input)!, options ?? NetworkOptions.Default);
}
