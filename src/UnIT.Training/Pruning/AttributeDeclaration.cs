using System.Globalization;
using System.Text;
using UnIT.Model;

namespace UnIT.Training.Pruning;

/// <summary>
/// Writes the attribute declaration of a network (what the UnIT source generator reads), so a pruned network can be pasted
/// into a project: <c>[UnitNetwork(...)]</c>, one layer attribute per layer in execution order, and the class.
/// </summary>
/// <example>
/// <code>
/// [UnitNetwork("mnist-structured.npz", Input = "1x28x28")]
/// [Conv2d("conv1", 3, Kernel = 5)]
/// [ReLU]
/// [MaxPool2d(2)]
/// [Conv2d("conv2", 15, Kernel = 5)]
/// [ReLU]
/// [MaxPool2d(2)]
/// [Flatten]
/// [Dense("fc1", 10)]
/// public static partial class MnistStructured;
/// </code>
/// </example>
public static class AttributeDeclaration
{
    /// <summary>
    /// The declaration of <paramref name="definition"/> reading <paramref name="weightFile"/>, on class
    /// <paramref name="className"/>, naming <paramref name="calibrationFile"/> when it has one.
    /// </summary>
    /// <remarks>
    /// Only settings that differ from what the generator assumes when they are left out are written. A definition with
    /// <see cref="NetworkOptions.Default"/> (as networks built for training usually are) gets no network options at all,
    /// so the generator's defaults for Float32 apply; set <c>Format</c>, <c>Threshold</c> and the rest when you deploy.
    /// </remarks>
    public static string Write(NetworkDefinition definition, string weightFile, string? className = null, string? calibrationFile = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(weightFile);
        var text = new StringBuilder();
        text.Append("[UnitNetwork(").Append(Quote(weightFile)).Append(", Input = ").Append(Quote(definition.InputShape.ToString()));
        if (definition.Options != NetworkOptions.Default)
        {
            AppendNetworkOptions(text, definition.Options);
        }

        if (calibrationFile is not null)
        {
            text.Append(", Calibration = ").Append(Quote(calibrationFile));
        }

        text.Append(")]\n");
        foreach (var layer in definition.Layers)
        {
            text.Append(Layer(layer)).Append('\n');
        }

        text.Append("public static partial class ").Append(className ?? ClassName(definition.Name)).Append(";\n");
        return text.ToString();
    }

    /// <summary>The attribute of one layer, e.g. <c>[Conv2d("conv1", 3, Kernel = 5)]</c>.</summary>
    public static string Layer(LayerDefinition layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var text = new StringBuilder("[");
        switch (layer)
        {
            case ConvolutionLayer { SpatialDimensions: 1 } conv:
                text.Append("Conv1d(").Append(Quote(conv.Name)).Append(", ").Append(Int(conv.OutChannels)).Append(", Kernel = ").Append(Int(conv.KernelWidth));
                Named(text, "Stride", conv.StrideWidth, 1);
                Named(text, "Padding", conv.PaddingWidth, 0);
                Named(text, "Dilation", conv.DilationWidth, 1);
                AppendPruning(text, conv);
                text.Append(')');
                break;

            case ConvolutionLayer conv:
                text.Append("Conv2d(").Append(Quote(conv.Name)).Append(", ").Append(Int(conv.OutChannels));
                if (conv.KernelHeight == conv.KernelWidth)
                {
                    text.Append(", Kernel = ").Append(Int(conv.KernelWidth));
                }
                else
                {
                    text.Append(", KernelHeight = ").Append(Int(conv.KernelHeight)).Append(", KernelWidth = ").Append(Int(conv.KernelWidth));
                }

                Pair(text, "Stride", conv.StrideHeight, conv.StrideWidth, 1);
                Pair(text, "Padding", conv.PaddingHeight, conv.PaddingWidth, 0);
                Pair(text, "Dilation", conv.DilationHeight, conv.DilationWidth, 1);
                AppendPruning(text, conv);
                text.Append(')');
                break;

            case DenseLayer dense:
                text.Append("Dense(").Append(Quote(dense.Name)).Append(", ").Append(Int(dense.OutFeatures));
                AppendPruning(text, dense);
                text.Append(')');
                break;

            case ReluLayer relu:
                text.Append("ReLU");
                if (relu.ActivationThreshold != 0f)
                {
                    text.Append("(ActivationThreshold = ").Append(Float(relu.ActivationThreshold)).Append(')');
                }

                break;

            case PoolingLayer pool:
                var kernel = pool.SpatialDimensions == 1 ? pool.KernelWidth : pool.KernelHeight;
                var stride = pool.SpatialDimensions == 1 ? pool.StrideWidth : pool.StrideHeight;
                if (pool.SpatialDimensions == 2 && (pool.KernelHeight != pool.KernelWidth || pool.StrideHeight != pool.StrideWidth))
                {
                    throw new NotSupportedException($"A {pool.Kind} with a {pool.KernelHeight}x{pool.KernelWidth} window and stride {pool.StrideHeight}x{pool.StrideWidth} has no attribute form (the attributes take square windows).");
                }

                text.Append(pool.Kind).Append('(').Append(Int(kernel));
                Named(text, "Stride", stride, kernel);
                text.Append(')');
                break;

            case FlattenLayer:
                text.Append("Flatten");
                break;

            case BatchNormLayer norm:
                text.Append("BatchNorm(").Append(Quote(norm.Name));
                if (norm.Epsilon != 1e-5f)
                {
                    text.Append(", Epsilon = ").Append(Float(norm.Epsilon));
                }

                text.Append(')');
                break;

            default:
                throw new NotSupportedException($"No attribute for a {layer.Kind} layer.");
        }

        return text.Append(']').ToString();
    }

    private static void AppendNetworkOptions(StringBuilder text, NetworkOptions options)
    {
        if (options.Format != NumberFormat.Float32)
        {
            text.Append(", Format = NumberFormat.").Append(options.Format);
        }

        // Left out, the profile is the FR5994 in the arithmetic the network computes in (hardware multiplier for Q15, software float otherwise).
        var defaultProfile = options.Format == NumberFormat.Q15 ? TargetProfile.Msp430FR5994 : TargetProfile.Msp430FR5994SoftFloat;
        if (options.Profile != defaultProfile)
        {
            text.Append(", Profile = TargetProfile.").Append(options.Profile);
        }

        if (options.Division != DivisionApproximation.Exact)
        {
            text.Append(", Division = DivisionApproximation.").Append(options.Division);
        }

        if (options.DefaultThreshold != 0f)
        {
            text.Append(", Threshold = ").Append(Float(options.DefaultThreshold));
        }

        if (options.InputRange is { } range)
        {
            text.Append(", InputRange = ").Append(Float(range));
        }

        if (options.FoldsInputNormalization)
        {
            text.Append(", InputMean = ").Append(Float(options.InputMean)).Append(", InputStandardDeviation = ").Append(Float(options.InputStandardDeviation));
        }

        if (options.ReciprocalTableBits != 4)
        {
            text.Append(", ReciprocalTableBits = ").Append(Int(options.ReciprocalTableBits));
        }
    }

    private static void AppendPruning(StringBuilder text, PrunableLayer layer)
    {
        var pruning = layer.Pruning;
        if (pruning.Threshold is { } threshold)
        {
            text.Append(", Threshold = ").Append(Float(threshold));
        }

        Named(text, "GroupSize", pruning.GroupSize, 0);
        if (pruning.GroupThresholds.Count > 0)
        {
            text.Append(", GroupThresholds = new[] { ").AppendJoin(", ", pruning.GroupThresholds.Select(Float)).Append(" }");
        }

        if (pruning.Implementation != KernelImplementation.Auto)
        {
            text.Append(", Implementation = KernelImplementation.").Append(pruning.Implementation);
        }

        if (pruning.OutputRange is { } range)
        {
            text.Append(", OutputRange = ").Append(Float(range));
        }

        if (!layer.HasBias)
        {
            text.Append(", Bias = false");
        }
    }

    private static void Pair(StringBuilder text, string name, int height, int width, int unset)
    {
        if (height == width)
        {
            Named(text, name, width, unset);
        }
        else
        {
            text.Append(", ").Append(name).Append("Height = ").Append(Int(height)).Append(", ").Append(name).Append("Width = ").Append(Int(width));
        }
    }

    private static void Named(StringBuilder text, string name, int value, int unset)
    {
        if (value != unset)
        {
            text.Append(", ").Append(name).Append(" = ").Append(Int(value));
        }
    }

    /// <summary>A C# class name from a network or file name: <c>mnist-structured</c> gives <c>MnistStructured</c>.</summary>
    public static string ClassName(string name)
    {
        var words = name.Split(['-', '_', ' ', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..]);
        var joined = string.Concat(words);
        return joined.Length == 0 || !char.IsLetter(joined[0]) ? "Network" + joined : joined;
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Float(float value) => value.ToString("R", CultureInfo.InvariantCulture) + "f";

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
