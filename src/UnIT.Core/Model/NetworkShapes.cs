using System.Globalization;

namespace UnIT.Model;

/// <summary>Input and output shape of one layer.</summary>
public sealed record LayerShapes(TensorShape Input, TensorShape Output);

/// <summary>Shape inference: checks a layer sequence and gives every layer's input and output shape.</summary>
public static class NetworkShapes
{
    /// <summary>
    /// Infers the shapes of every layer, in declaration order.
    /// </summary>
    /// <exception cref="NetworkDefinitionException">The sequence is impossible; the message names the layer and the fix.</exception>
    public static IReadOnlyList<LayerShapes> Infer(NetworkDefinition network)
    {
        if (network.Layers.Count == 0)
        {
            throw new NetworkDefinitionException(network.Name, null, null, "the network has no layers; declare at least one layer attribute");
        }

        CheckNames(network);
        var shapes = new List<LayerShapes>(network.Layers.Count);
        var current = network.InputShape;
        for (var i = 0; i < network.Layers.Count; i++)
        {
            var output = InferLayer(network, i, current);
            shapes.Add(new LayerShapes(current, output));
            current = output;
        }

        return shapes;
    }

    /// <summary>The convolution geometry of prunable layer <paramref name="layer"/> given its input shape.</summary>
    public static ConvGeometry Geometry(PrunableLayer layer, TensorShape input)
    {
        switch (layer)
        {
            case DenseLayer dense:
                return new ConvGeometry(input.ElementCount, 1, 1, dense.OutFeatures, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1);
            case ConvolutionLayer conv:
                var (channels, height, width) = input.Rank == 3 ? (input[0], input[1], input[2]) : (input[0], 1, input[1]);
                var outHeight = OutputLength(height, conv.KernelHeight, conv.StrideHeight, conv.PaddingHeight, conv.DilationHeight);
                var outWidth = OutputLength(width, conv.KernelWidth, conv.StrideWidth, conv.PaddingWidth, conv.DilationWidth);
                return new ConvGeometry(
                    channels, height, width, conv.OutChannels, outHeight, outWidth, conv.KernelHeight, conv.KernelWidth,
                    conv.StrideHeight, conv.StrideWidth, conv.PaddingHeight, conv.PaddingWidth, conv.DilationHeight, conv.DilationWidth);
            default:
                throw new ArgumentException($"Unknown prunable layer {layer.GetType().Name}.", nameof(layer));
        }
    }

    private static int OutputLength(int length, int kernel, int stride, int padding, int dilation) =>
        ((length + (2 * padding) - (dilation * (kernel - 1)) - 1) / stride) + 1;

    private static TensorShape InferLayer(NetworkDefinition network, int index, TensorShape input)
    {
        var layer = network.Layers[index];
        string label = network.LayerLabel(index);
        NetworkDefinitionException Fail(string problem) => new(network.Name, index, label, problem);
        NetworkDefinitionException Invalid(string problem) => new(network.Name, index, label, problem, NetworkProblemKind.InvalidSetting);

        switch (layer)
        {
            case ConvolutionLayer conv:
            {
                var rank = conv.SpatialDimensions + 1;
                if (input.Rank != rank)
                {
                    throw Fail($"{conv.Kind} expects a {rank}-D input ({(rank == 3 ? "[C, H, W]" : "[C, L]")}) but receives [{input}]"
                        + (input.Rank == 1 ? "; convolutions must come before Flatten" : string.Empty));
                }

                RequirePositive(Invalid, "out channels", conv.OutChannels);
                RequirePositive(Invalid, "kernel", Math.Min(conv.KernelHeight, conv.KernelWidth));
                RequirePositive(Invalid, "stride", Math.Min(conv.StrideHeight, conv.StrideWidth));
                RequirePositive(Invalid, "dilation", Math.Min(conv.DilationHeight, conv.DilationWidth));
                if (conv.PaddingHeight < 0 || conv.PaddingWidth < 0)
                {
                    throw Invalid("padding is negative; use 0 or more");
                }

                var g = Geometry(conv, input);
                if (g.OutHeight < 1 || g.OutWidth < 1)
                {
                    throw Fail($"the input [{input}] is smaller than the dilated kernel {Extent(conv.KernelHeight, conv.DilationHeight)}x{Extent(conv.KernelWidth, conv.DilationWidth)}"
                        + $" plus padding; use a smaller kernel, more padding, or remove a pooling layer before it");
                }

                return rank == 3 ? TensorShape.Of(g.OutChannels, g.OutHeight, g.OutWidth) : TensorShape.Of(g.OutChannels, g.OutWidth);
            }

            case DenseLayer dense:
                if (input.Rank != 1)
                {
                    throw Fail($"Dense expects a flat input but receives [{input}]; put a Flatten layer before it");
                }

                RequirePositive(Invalid, "out features", dense.OutFeatures);
                return TensorShape.Of(dense.OutFeatures);

            case PoolingLayer pool:
            {
                var rank = pool.SpatialDimensions + 1;
                if (input.Rank != rank)
                {
                    throw Fail($"{pool.Kind} expects a {rank}-D input ({(rank == 3 ? "[C, H, W]" : "[C, L]")}) but receives [{input}]");
                }

                RequirePositive(Invalid, "kernel", Math.Min(pool.KernelHeight, pool.KernelWidth));
                RequirePositive(Invalid, "stride", Math.Min(pool.StrideHeight, pool.StrideWidth));
                var (height, width) = rank == 3 ? (input[1], input[2]) : (1, input[1]);
                var outHeight = OutputLength(height, pool.KernelHeight, pool.StrideHeight, 0, 1);
                var outWidth = OutputLength(width, pool.KernelWidth, pool.StrideWidth, 0, 1);
                if (outHeight < 1 || outWidth < 1 || pool.KernelHeight > height || pool.KernelWidth > width)
                {
                    throw Fail($"the pooling window {pool.KernelHeight}x{pool.KernelWidth} does not fit the input [{input}]; use a smaller window");
                }

                return rank == 3 ? TensorShape.Of(input[0], outHeight, outWidth) : TensorShape.Of(input[0], outWidth);
            }

            case ReluLayer relu:
                if (float.IsNaN(relu.ActivationThreshold) || float.IsInfinity(relu.ActivationThreshold) || relu.ActivationThreshold < 0)
                {
                    throw Invalid($"activation threshold {relu.ActivationThreshold.ToString("R", CultureInfo.InvariantCulture)} is not a finite number >= 0");
                }

                return input;

            case FlattenLayer:
                return TensorShape.Of(input.ElementCount);

            case BatchNormLayer bn:
                if (index == 0 || network.Layers[index - 1] is not PrunableLayer)
                {
                    throw Fail("BatchNorm must directly follow a Conv or Dense layer so it can be folded into it; move it right after that layer");
                }

                if (!(bn.Epsilon > 0) || float.IsInfinity(bn.Epsilon))
                {
                    throw Invalid("epsilon must be a positive finite number (PyTorch's default is 1e-5)");
                }

                return input;

            default:
                throw Fail($"layer kind {layer.GetType().Name} is not supported");
        }
    }

    private static int Extent(int kernel, int dilation) => (dilation * (kernel - 1)) + 1;

    private static void RequirePositive(Func<string, NetworkDefinitionException> fail, string what, int value)
    {
        if (value < 1)
        {
            throw fail($"{what} is {value.ToString(CultureInfo.InvariantCulture)}; it must be at least 1");
        }
    }

    private static void CheckNames(NetworkDefinition network)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < network.Layers.Count; i++)
        {
            if (network.Layers[i].TensorPrefix is not { } name)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                throw new NetworkDefinitionException(network.Name, i, network.Layers[i].Kind.ToString(),
                    "the layer has no name; give it the state_dict prefix of its tensors, e.g. \"conv1\" for conv1.weight", NetworkProblemKind.InvalidSetting);
            }

            if (!seen.Add(name))
            {
                throw new NetworkDefinitionException(network.Name, i, name,
                    $"the name '{name}' is used by two layers; each layer reads its own '{name}.weight', so names must be unique", NetworkProblemKind.InvalidSetting);
            }
        }
    }
}
