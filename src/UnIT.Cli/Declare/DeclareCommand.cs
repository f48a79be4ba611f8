using System.CommandLine;
using Spectre.Console;
using UnIT.Calibration;
using UnIT.Collections;
using UnIT.Model;
using UnIT.Training.Pruning;

namespace UnIT.Cli;

/// <summary>
/// <c>unit declare</c>: the C# attribute declaration of a calibrated network, with the calibration's settings (number
/// format, profile, division, the folded normalisation, θ of every ReLU, T and groups of every conv/dense layer) written
/// into the attributes and the file named by <c>Calibration = "…"</c>, so the analyzers can check one against the other.
/// </summary>
internal static class DeclareCommand
{
    public static readonly Option<FileInfo> Weights = CommonOptions.Weights();
    public static readonly Option<string> Layers = CommonOptions.Layers();
    public static readonly Option<string> Input = CommonOptions.Input();

    public static readonly Option<FileInfo> Calibration = new("--calibration", "-c")
    {
        Description = "The calibration file (written by `unit calibrate`) whose settings the declaration carries; its network name is the class name.",
        Required = true,
        HelpName = "file.calibration.txt",
    };

    public static readonly Option<KernelImplementation> Implementation = new("--implementation")
    {
        Description = "Force this kernel on every conv/dense layer the calibration gave a threshold above 0 (the others keep the planner's choice, as the calibration priced them).",
        DefaultValueFactory = _ => KernelImplementation.Auto,
    };

    public static readonly Option<string?> Class = new("--class")
    {
        Description = "The class name to declare. Default: the network name in the calibration file.",
    };

    public static readonly Option<FileInfo?> Output = new("--output", "-o")
    {
        Description = "Write the declaration to this file instead of printing it.",
        HelpName = "file.cs",
    };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("declare", """
            Print the C# attribute declaration of a calibrated network: [UnitNetwork] with the calibration file's format,
            profile, division and normalisation, and one attribute per layer with its θ, T and groups. Paste it into
            your project next to the weight file and the calibration file (both as <UnitWeights>/<AdditionalFiles>).

            Example:
              unit declare --weights mnist-pruned.npz --calibration MnistPrunedQ15ExactGather.calibration.txt --implementation Gather
            """);
        foreach (var option in new Option[] { Weights, Layers, Input, Calibration, Implementation, Class, Output })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            var calibrationFile = result.GetValue(Calibration)!;
            var calibration = CommonOptions.ReadCalibration(calibrationFile);
            var weights = result.GetValue(Weights)!;
            var declaration = Declaration(
                CommonOptions.Network(result, Layers, Input, calibration.Network, OptionsOf(calibration)),
                calibration,
                result.GetValue(Implementation),
                weights.Name,
                calibrationFile.Name,
                result.GetValue(Class));
            if (result.GetValue(Output) is { } output)
            {
                File.WriteAllText(output.FullName, declaration);
                console.MarkupLine($"Wrote [green]{Markup.Escape(output.FullName)}[/].");
            }
            else
            {
                // Raw, not through the console: a declaration is one long line per attribute and must not be wrapped.
                result.InvocationConfiguration.Output.Write(declaration);
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// The declaration of <paramref name="definition"/> with <paramref name="calibration"/>'s θ, T and groups, and
    /// <paramref name="implementation"/> forced where a threshold is above 0.
    /// </summary>
    public static string Declaration(NetworkDefinition definition, CalibrationData calibration, KernelImplementation implementation, string weightFile, string calibrationFile, string? className)
    {
        var calibrated = CalibratedNetwork.ApplyThresholds(definition, CommonOptions.Matching(calibration, definition, calibrationFile));
        if (implementation != KernelImplementation.Auto)
        {
            calibrated = calibrated with
            {
                Layers = calibrated.Layers.Select(layer => layer is PrunableLayer prunable && calibrated.LayerThreshold(prunable) > 0
                    ? prunable with { Pruning = prunable.Pruning with { Implementation = implementation } }
                    : layer).ToImmutableEquatableArray(),
            };
        }

        return AttributeDeclaration.Write(calibrated, weightFile, className ?? calibration.Network, calibrationFile);
    }

    /// <summary>The network options the calibration was made for.</summary>
    private static NetworkOptions OptionsOf(CalibrationData calibration) => new()
    {
        Format = calibration.Format,
        Profile = calibration.Profile,
        Division = calibration.Division,
        InputMean = calibration.InputMean,
        InputStandardDeviation = calibration.InputStandardDeviation,
    };
}
