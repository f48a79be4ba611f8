using System.CommandLine;
using Spectre.Console;
using UnIT.Calibration;
using UnIT.Collections;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Training.Pruning;

namespace UnIT.Cli;

/// <summary>
/// <c>unit declare</c>: the C# attribute declaration of a calibrated network, with the calibration's settings (number
/// format, profile, division, the folded normalisation, θ of every ReLU, T and groups of every conv/dense layer) written
/// into the attributes and the file named by <c>Calibration = "…"</c>, so the analyzers can check one against the other.
/// Given an ONNX model, the layers come from its graph (<see cref="UnIT.Onnx.OnnxImport"/>), with or without a calibration.
/// </summary>
internal static class DeclareCommand
{
    public static readonly Argument<FileInfo?> Model = new("model")
    {
        Description = "An ONNX model (.onnx, e.g. from torch.onnx.export): the layers come from its graph, --weights and --layers are not needed.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static readonly Option<FileInfo> Weights = CommonOptions.Weights(required: false);
    public static readonly Option<string> Layers = CommonOptions.Layers();
    public static readonly Option<string> Input = CommonOptions.Input();

    public static readonly Option<FileInfo> Calibration = new("--calibration", "-c")
    {
        Description = "The calibration file (written by `unit calibrate`) whose settings the declaration carries; its network name is the class name. Required without an ONNX model.",
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

            Given an ONNX model instead of --weights, the layers come from its graph (Conv, BatchNormalization, Relu,
            MaxPool, AveragePool, Flatten/Reshape, Gemm, MatMul+Add; names as in docs/weight-files.md); without
            --calibration the declaration has UnIT's defaults (Float32, every threshold 0). A graph UnIT cannot run is
            refused with the first node that has no UnIT layer.

            Examples:
              unit declare --weights mnist-pruned.npz --calibration MnistPrunedQ15ExactGather.calibration.txt --implementation Gather
              unit declare lenet.onnx > Lenet.cs
            """);
        command.Arguments.Add(Model);
        foreach (var option in new Option[] { Weights, Layers, Input, Calibration, Implementation, Class, Output })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            var declaration = result.GetValue(Model) is { } model ? OnnxDeclaration(result, model) : CalibratedDeclaration(result);
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

    private static string CalibratedDeclaration(ParseResult result)
    {
        if (result.GetValue(Calibration) is not { } calibrationFile || result.GetValue(Weights) is not { } weights)
        {
            throw new ArgumentException("`unit declare` needs an ONNX model (unit declare model.onnx), or --weights and --calibration for a NumPy weight file.");
        }

        var calibration = CommonOptions.ReadCalibration(calibrationFile);
        return Declaration(
            CommonOptions.Network(result, Layers, Input, calibration.Network, OptionsOf(calibration)),
            calibration,
            result.GetValue(Implementation),
            weights.Name,
            calibrationFile.Name,
            result.GetValue(Class));
    }

    /// <summary>The declaration of an ONNX model's graph, calibrated when --calibration is given.</summary>
    private static string OnnxDeclaration(ParseResult result, FileInfo model)
    {
        var weights = WeightFile.Load(model.FullName);
        if (weights.Onnx is not { } onnx)
        {
            throw new InvalidOperationException(
                $"'{weights.FileName}' is a NumPy weight file, which holds tensors but no graph; give it as --weights with --layers and --calibration, " +
                "or pass an ONNX model (torch.onnx.export).");
        }

        var calibrationFile = result.GetValue(Calibration);
        var calibration = calibrationFile is null ? null : CommonOptions.ReadCalibration(calibrationFile);
        var className = result.GetValue(Class) ?? calibration?.Network ?? AttributeDeclaration.ClassName(Path.GetFileNameWithoutExtension(model.Name));
        var definition = onnx.ToDefinition(calibration?.Network ?? className);
        try
        {
            return calibration is null
                ? AttributeDeclaration.Write(definition, model.Name, className)
                : Declaration(definition with { Options = OptionsOf(calibration) }, calibration, result.GetValue(Implementation), model.Name, calibrationFile!.Name, className);
        }
        catch (NotSupportedException e)
        {
            // A layer UnIT runs but the attributes cannot express (a non-square pooling window): name its node.
            var index = definition.Layers.ToList().FindIndex(CannotDeclare);
            var node = index >= 0 ? $" (node {onnx.Layers[index].Node})" : string.Empty;
            throw new InvalidOperationException($"The ONNX graph cannot be declared{node}: {e.Message}", e);
        }
    }

    private static bool CannotDeclare(LayerDefinition layer)
    {
        try
        {
            AttributeDeclaration.Layer(layer);
            return false;
        }
        catch (NotSupportedException)
        {
            return true;
        }
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
