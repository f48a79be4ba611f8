using Microsoft.CodeAnalysis;
using UnIT.Generators.Diagnostics;
using UnIT.Generators.Models;
using UnIT.Model;

namespace UnIT.Generators.Parsing;

/// <summary>Turns one layer attribute into a <see cref="LayerDefinition"/>; other attributes are ignored.</summary>
internal static class LayerReader
{
    public static LayerDefinition? Read(AttributeData attribute, LocationInfo location, List<DiagnosticInfo> diagnostics)
    {
        var args = new AttributeArguments(attribute);
        switch (attribute.AttributeClass?.ToDisplayString())
        {
            case "UnIT.Conv2dAttribute":
            {
                var name = args.Constructor(0, string.Empty);
                // A written value is taken as written (0 or -3 included), so the validation names it instead of a default hiding it.
                var kernelHeight = args.Has("KernelHeight") ? args.Int("KernelHeight", 0) : args.Int("Kernel", 0);
                var kernelWidth = args.Has("KernelWidth") ? args.Int("KernelWidth", 0) : args.Int("Kernel", 0);
                if (!args.Has("Kernel") && !(args.Has("KernelHeight") && args.Has("KernelWidth")))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNetworkSettingId, location,
                        $"[Conv2d(\"{name}\", ...)] needs a kernel size: set Kernel = 5 (or KernelHeight and KernelWidth)"));
                }

                int stride = args.Int("Stride", 1), padding = args.Int("Padding", 0), dilation = args.Int("Dilation", 1);
                return new ConvolutionLayer(
                    name, 2, args.Constructor(1, 0), kernelHeight, kernelWidth,
                    args.Has("StrideHeight") ? args.Int("StrideHeight", 1) : stride, args.Has("StrideWidth") ? args.Int("StrideWidth", 1) : stride,
                    args.Has("PaddingHeight") ? args.Int("PaddingHeight", 0) : padding, args.Has("PaddingWidth") ? args.Int("PaddingWidth", 0) : padding,
                    args.Has("DilationHeight") ? args.Int("DilationHeight", 1) : dilation, args.Has("DilationWidth") ? args.Int("DilationWidth", 1) : dilation,
                    Pruning(args))
                {
                    HasBias = args.Bool("Bias", true),
                };
            }

            case "UnIT.Conv1dAttribute":
            {
                var name = args.Constructor(0, string.Empty);
                var kernel = args.Int("Kernel", 0);
                if (!args.Has("Kernel"))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNetworkSettingId, location,
                        $"[Conv1d(\"{name}\", ...)] needs a kernel size: set Kernel = 5"));
                }

                return ConvolutionLayer.Conv1d(name, args.Constructor(1, 0), kernel, args.Int("Stride", 1), args.Int("Padding", 0), args.Int("Dilation", 1), Pruning(args))
                    with { HasBias = args.Bool("Bias", true) };
            }

            case "UnIT.DenseAttribute":
                return new DenseLayer(args.Constructor(0, string.Empty), args.Constructor(1, 0), Pruning(args)) { HasBias = args.Bool("Bias", true) };

            case "UnIT.ReLUAttribute":
                return new ReluLayer(args.Float("ActivationThreshold") ?? 0f);

            case "UnIT.MaxPool2dAttribute":
                return PoolingLayer.MaxPool2d(args.Constructor(0, 0), Stride(args));

            case "UnIT.MaxPool1dAttribute":
                return PoolingLayer.MaxPool1d(args.Constructor(0, 0), Stride(args));

            case "UnIT.AvgPool2dAttribute":
                return PoolingLayer.AvgPool2d(args.Constructor(0, 0), Stride(args));

            case "UnIT.FlattenAttribute":
                return new FlattenLayer();

            case "UnIT.BatchNormAttribute":
                return new BatchNormLayer(args.Constructor(0, string.Empty), args.Float("Epsilon") ?? 1e-5f);

            default:
                return null;
        }
    }

    /// <summary>A pool's stride: the kernel size when not written, otherwise as written (the validation refuses 0 or less).</summary>
    private static int? Stride(AttributeArguments args) => args.Has("Stride") ? args.Int("Stride", 0) : null;

    private static PruningSettings Pruning(AttributeArguments args) => new(
        args.Has("Threshold") ? args.Float("Threshold") : null,
        args.Int("GroupSize", 0),
        args.Floats("GroupThresholds"),
        (KernelImplementation)args.Int("Implementation", 0),
        args.Has("OutputRange") ? args.Float("OutputRange") : null);
}
