using UnIT.Model.Catalog;

namespace UnIT.Model;

/// <summary>Input and output shape of one layer.</summary>
public sealed record LayerShapes(TensorShape Input, TensorShape Output);

/// <summary>
/// Shape inference: checks a layer sequence and gives every layer's input and output shape. Each kind's rule is its
/// catalog entry's <see cref="LayerEntry.OutputShape"/> (docs/architecture.md).
/// </summary>
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
    internal static int OutputLength(int length, int kernel, int stride, int padding, int dilation)
    {
        var span = (long)length + (2L * padding) - ((long)dilation * (kernel - 1)) - 1;
        return span < 0 ? 0 : (int)((span / stride) + 1);
    }

    private static TensorShape InferLayer(NetworkDefinition network, int index, TensorShape input)
    {
        var layer = network.Layers[index];
        var check = new LayerShapeCheck(network, index, input);
        var entry = LayerCatalog.Of(layer) ?? throw check.Fail($"layer kind {layer.GetType().Name} is not supported");
        return entry.OutputShape(layer, check);
    }
}
