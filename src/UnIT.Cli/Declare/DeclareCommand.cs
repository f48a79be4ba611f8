using System.CommandLine;
using UnIT.NumPy;
using UnIT.Training.Pruning;

namespace UnIT.Cli;

/// <summary><c>unit declare</c>: the attribute declaration of an ONNX model, ready to paste.</summary>
internal static class DeclareCommand
{
    public static readonly Argument<FileInfo> File = new("model")
    {
        Description = "An ONNX model (.onnx), e.g. from torch.onnx.export.",
    };

    public static readonly Option<string?> ClassName = new("--class")
    {
        Description = "The class name (default: from the file name, lenet.onnx gives Lenet).",
    };

    public static Command Create()
    {
        var command = new Command("declare", """
            Print the C# attribute declaration of an ONNX model: [UnitNetwork("model.onnx", Input = ...)], one layer
            attribute per node (Conv, BatchNormalization, Relu, MaxPool, AveragePool, Flatten/Reshape, Gemm, MatMul+Add),
            and the class. Layer names follow the initializers (docs/weight-files.md, "ONNX models"). The declaration has
            UnIT's defaults (Float32, every threshold 0); add thresholds and a format when you deploy. A graph UnIT cannot
            run is refused with the first node that has no UnIT layer.

            Example:
              unit declare lenet.onnx > Lenet.cs
            """);
        command.Arguments.Add(File);
        command.Options.Add(ClassName);
        command.SetAction(result =>
        {
            var file = result.GetValue(File)!;
            var name = result.GetValue(ClassName) ?? AttributeDeclaration.ClassName(Path.GetFileNameWithoutExtension(file.Name));
            result.InvocationConfiguration.Output.Write(Declare(WeightFile.Load(file.FullName), name));
            return 0;
        });
        return command;
    }

    /// <summary>The declaration of the ONNX model in <paramref name="weights"/> on class <paramref name="className"/>.</summary>
    /// <exception cref="InvalidOperationException">Not an ONNX model, or a node UnIT cannot declare.</exception>
    public static string Declare(WeightFile weights, string className)
    {
        if (weights.Onnx is not { } onnx)
        {
            throw new InvalidOperationException(
                $"'{weights.FileName}' is a NumPy weight file, which holds tensors but no graph; `unit declare` reads an ONNX model (torch.onnx.export). " +
                "For a NumPy file, write the attributes yourself (docs/weight-files.md names the tensors each layer reads).");
        }

        var definition = onnx.ToDefinition(className);
        try
        {
            return AttributeDeclaration.Write(definition, weights.FileName, className);
        }
        catch (NotSupportedException e)
        {
            // A layer UnIT runs but the attributes cannot express (a non-square pooling window).
            var index = definition.Layers.ToList().FindIndex(layer => CannotDeclare(layer));
            var node = index >= 0 ? $" (node {onnx.Layers[index].Node})" : string.Empty;
            throw new InvalidOperationException($"The ONNX graph cannot be declared{node}: {e.Message}", e);
        }
    }

    private static bool CannotDeclare(Model.LayerDefinition layer)
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
}
