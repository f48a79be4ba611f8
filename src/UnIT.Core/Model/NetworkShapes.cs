using System.Globalization;

namespace UnIT.Model;

/// <summary>Input and output shape of one layer.</summary>
public sealed record LayerShapes(TensorShape Input, TensorShape Output);

/// <summary>Shape inference: checks a layer sequence and gives every layer's input and output shape.</summary>
public static class NetworkShapes
{
    /// <summary>
    /// Infers the shapes of every layer, in declaration order, after <see cref="NetworkValidation.Check"/> has judged
    /// every setting (every use of a definition starts here, so nothing computes with an unchecked value).
    /// </summary>
    /// <exception cref="NetworkDefinitionException">A setting is invalid or the sequence is impossible; the message names the layer and the fix.</exception>
    public static IReadOnlyList<LayerShapes> Infer(NetworkDefinition network)
    {
        if (network.Layers.Count == 0)
        {
            throw new NetworkDefinitionException(network.Name, null, null, "the network has no layers; declare at least one layer attribute");
        }

        NetworkValidation.Check(network);
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
                    conv.StrideHeight, conv.StrideWidth, conv.PaddingHeight, conv.PaddingWidth, conv.DilationHeight, conv.DilationWidth, conv.Groups);
            default:
                throw new ArgumentException($"Unknown prunable layer {layer.GetType().Name}.", nameof(layer));
        }
    }

    /// <summary>PyTorch's output length, in long arithmetic: validated sizes keep the result within an int.</summary>
    private static int OutputLength(int length, int kernel, int stride, int padding, int dilation)
    {
        var span = (long)length + (2L * padding) - ((long)dilation * (kernel - 1)) - 1;
        return span < 0 ? 0 : (int)((span / stride) + 1);
    }

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

                if (input[0] % conv.Groups != 0)
                {
                    throw Fail($"Groups = {conv.Groups} must divide the {input[0]} input channels (a depthwise convolution sets Groups to the input channels)");
                }

                var g = Geometry(conv, input);
                if (g.OutHeight < 1 || g.OutWidth < 1)
                {
                    throw Fail($"the input [{input}] is smaller than the dilated kernel {Extent(conv.KernelHeight, conv.DilationHeight)}x{Extent(conv.KernelWidth, conv.DilationWidth)}"
                        + $" plus padding; use a smaller kernel, more padding, or remove a pooling layer before it");
                }

                RequireElements(Invalid, "output", [g.OutChannels, g.OutHeight, g.OutWidth]);
                RequireElements(Invalid, "weight tensor", [g.OutChannels, g.InChannelsPerGroup, g.KernelHeight, g.KernelWidth]);
                return rank == 3 ? TensorShape.Of(g.OutChannels, g.OutHeight, g.OutWidth) : TensorShape.Of(g.OutChannels, g.OutWidth);
            }

            case DenseLayer dense:
                if (input.Rank != 1)
                {
                    throw Fail($"Dense expects a flat input but receives [{input}]; put a Flatten layer before it");
                }

                RequireElements(Invalid, "weight tensor", [dense.OutFeatures, input.ElementCount]);
                return TensorShape.Of(dense.OutFeatures);

            case PoolingLayer pool:
            {
                var rank = pool.SpatialDimensions + 1;
                if (input.Rank != rank)
                {
                    throw Fail($"{pool.Kind} expects a {rank}-D input ({(rank == 3 ? "[C, H, W]" : "[C, L]")}) but receives [{input}]");
                }

                var (height, width) = rank == 3 ? (input[1], input[2]) : (1, input[1]);
                var outHeight = OutputLength(height, pool.KernelHeight, pool.StrideHeight, 0, 1);
                var outWidth = OutputLength(width, pool.KernelWidth, pool.StrideWidth, 0, 1);
                if (outHeight < 1 || outWidth < 1 || pool.KernelHeight > height || pool.KernelWidth > width)
                {
                    throw Fail($"the pooling window {pool.KernelHeight}x{pool.KernelWidth} does not fit the input [{input}]; use a smaller window");
                }

                return rank == 3 ? TensorShape.Of(input[0], outHeight, outWidth) : TensorShape.Of(input[0], outWidth);
            }

            case ReluLayer:
                return input;

            case FlattenLayer:
                return TensorShape.Of(input.ElementCount);

            case BatchNormLayer:
                if (index == 0 || network.Layers[index - 1] is not PrunableLayer)
                {
                    throw Fail("BatchNorm must directly follow a Conv or Dense layer so it can be folded into it; move it right after that layer");
                }

                return input;

            default:
                throw Fail($"layer kind {layer.GetType().Name} is not supported");
        }
    }

    private static long Extent(int kernel, int dilation) => ((long)dilation * (kernel - 1)) + 1;

    /// <summary>A tensor the layer makes or reads has at most <see cref="NetworkLimits.MaxElements"/> elements.</summary>
    private static void RequireElements(Func<string, NetworkDefinitionException> invalid, string what, int[] dimensions)
    {
        if (NetworkValidation.Elements(dimensions) > NetworkLimits.MaxElements)
        {
            var shape = string.Join("x", dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)));
            throw invalid($"its {what} would be {shape}, more than {NetworkLimits.MaxElements.ToString(CultureInfo.InvariantCulture)} elements; use fewer channels, a smaller kernel or less padding");
        }
    }
}
