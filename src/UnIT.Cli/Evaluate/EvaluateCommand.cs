using System.CommandLine;
using Spectre.Console;
using UnIT.Calibration;
using UnIT.Interpreter;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using UnIT.Reporting;
using UnIT.Training.Data;

namespace UnIT.Cli;

/// <summary><c>unit evaluate</c>.</summary>
internal static class EvaluateCommand
{
    public static readonly Option<string> Layers = CommonOptions.Layers();
    public static readonly Option<string> Input = CommonOptions.Input();
    public static readonly Option<FileInfo> Weights = CommonOptions.Weights();
    public static readonly Option<TargetProfile?> Profile = new("--profile")
    {
        Description = "The emulated MCU (default: the calibration file's, else Msp430FR5994).",
    };

    public static readonly Option<DivisionApproximation?> Division = new("--division")
    {
        Description = "Division approximation (default: the calibration file's, else ReciprocalLut).",
    };

    public static readonly Option<NumberFormat?> Format = CommonOptions.Format();
    public static readonly Option<bool> FoldNormalization = CommonOptions.FoldNormalization();

    public static readonly Option<FileInfo?> Calibration = new("--calibration", "-c")
    {
        Description = "A calibration file whose θ, T, groups and ranges to apply (without one, UnIT is off unless --threshold is given); a file calibrated with --fold-normalization implies it.",
        HelpName = "file",
    };

    public static readonly Option<float?> Threshold = new("--threshold")
    {
        Description = "One UnIT threshold T for every conv/dense layer (instead of a calibration file).",
        HelpName = "T",
    };

    public static readonly Option<FileInfo?> Log = new("--log")
    {
        Description = "Also write every evaluation of the search (phase, layer or group, value tried, share of products, accuracy, cycles, within budget, outcome) as CSV: how the settings were chosen.",
        HelpName = "file.csv",
    };

    public static readonly Option<KernelImplementation> Implementation = new("--implementation")
    {
        Description = "Kernel of every conv/dense layer: Auto (the planner's choice for the profile), Dense, Gather, Sorted or Bucketed.",
        DefaultValueFactory = _ => KernelImplementation.Auto,
    };

    public static readonly Option<int> Samples = new("--samples")
    {
        Description = "How many of the 2,000 test digits to run.",
        DefaultValueFactory = _ => 2000,
        HelpName = "n",
    };

    public static readonly Option<ReportFormat> Report = new("--report")
    {
        Description = "Output: Text (a table), Markdown or Json.",
        DefaultValueFactory = _ => ReportFormat.Text,
    };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("evaluate", """
            Run a model on the MNIST test digits with the reference interpreter (identical results and event counts to the
            generated kernels) and print its accuracy and per-layer MSP430 cost: MACs run and skipped, comparisons, divisions,
            cycles, time, energy, flash and RAM.

            Examples:
              unit evaluate --weights mnist-pruned.npz
              unit evaluate --weights mnist-pruned.npz --calibration MnistPruned.calibration.txt --implementation Bucketed
              unit evaluate --weights mnist-dense.npz --threshold 0.05 --report Markdown > report.md
            """);
        foreach (var option in new Option[] { Weights, Calibration, Threshold, Profile, Division, Format, Implementation, Samples, Report, FoldNormalization, Layers, Input })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            var settings = Read(result);
            var interpreter = new ReferenceInterpreter(
                PreparedNetwork.Prepare(settings.Definition, WeightFile.Load(settings.WeightFile)),
                implementations: settings.Implementation == KernelImplementation.Auto ? null : [settings.Implementation]);
            var mnist = MnistDataset.Load(pixels: CommonOptions.PixelsFor(settings.Definition));
            var count = Math.Min(settings.Samples, mnist.Test.Count);
            var ledger = interpreter.CreateLedger();
            var correct = 0;
            for (var i = 0; i < count; i++)
            {
                if (interpreter.Predict(mnist.Test.Sample(i), ledger) == mnist.Test.Label(i))
                {
                    correct++;
                }
            }

            var report = CostReport.Create(ledger);
            var accuracy = 100.0 * correct / count;
            // Markdown and JSON go to standard output as they are (no console wrapping), so they can be redirected to a file.
            var raw = result.InvocationConfiguration.Output;
            switch (settings.Report)
            {
                case ReportFormat.Json:
                    raw.WriteLine(TrainCommand.Invariant($"{{\"accuracyPercent\": {accuracy:R}, \"testDigits\": {count}, \"report\": {report.ToJson()}}}"));
                    break;
                case ReportFormat.Markdown:
                    raw.WriteLine(TrainCommand.Invariant($"Accuracy on {count:N0} test digits: **{accuracy:0.00} %**"));
                    raw.WriteLine();
                    raw.Write(report.ToMarkdown());
                    break;
                default:
                    report.Write(console);
                    console.MarkupLine(TrainCommand.Invariant($"Accuracy on {count:N0} test digits: [bold]{accuracy:0.00} %[/]."));
                    break;
            }

            return 0;
        });
        return command;
    }

    internal static EvaluateSettings Read(ParseResult result)
    {
        CalibrationData? calibration = null;
        if (result.GetValue(Calibration) is { } file)
        {
            calibration = CommonOptions.ReadCalibration(file);
        }

        var profile = result.GetValue(Profile) ?? calibration?.Profile ?? TargetProfile.Msp430FR5994;
        var options = CommonOptions.WithNormalization(
            new NetworkOptions
            {
                Format = result.GetValue(Format) ?? calibration?.Format ?? CommonOptions.FormatFor(profile, null),
                Profile = profile,
                Division = result.GetValue(Division) ?? calibration?.Division ?? DivisionApproximation.ReciprocalLut,
                DefaultThreshold = result.GetValue(Threshold) ?? 0f,
            },
            result.GetValue(FoldNormalization) || calibration?.FoldsInputNormalization == true);
        var definition = CommonOptions.Network(result, Layers, Input, calibration?.Network ?? "Mnist", options);
        if (calibration is not null)
        {
            CommonOptions.Matching(calibration, definition, result.GetValue(Calibration)!.Name);
            // The file's θ, T and ranges; format, profile and division from the command line when given.
            definition = CalibratedNetwork.Apply(definition, calibration);
            definition = definition with { Options = definition.Options with { Format = options.Format, Profile = options.Profile, Division = options.Division } };
        }
        else if (options.Format == NumberFormat.Q15)
        {
            // Without measured ranges: the input is a raw pixel (at most 1) or a normalised one (at most (1 − 0.1307)/0.3081).
            var largest = options.FoldsInputNormalization ? MnistDataset.UnitInterval(255) : MnistDataset.Normalize(255);
            definition = definition with { Options = definition.Options with { InputRange = largest } };
        }

        return new EvaluateSettings(definition, result.GetValue(Weights)!.FullName, result.GetValue(Implementation), result.GetValue(Samples), result.GetValue(Report));
    }
}
