using UnIT.Collections;
using UnIT.Model;

namespace UnIT.Resources;

/// <summary>
/// The MCU resource model (Liberis &amp; Lane, IMWUT 2022, as summarised in papers.md): flash is the sum of stored
/// weights and biases (and, with a plan, thresholds and tables) by element size; MACs are conv <c>Ho·Wo·Co·Kh·Kw·Ci</c>
/// and dense <c>Din·Dout</c>; peak RAM is the largest set of activation buffers alive at one operator, operators
/// running one at a time (a buffer lives from the operator that writes it to the last one that reads it). ReLU runs
/// in place (except on the network input, the caller's) and Flatten is a view, so neither adds a buffer. Everything is
/// a function of the layer widths, which is what lets a structured pruner trade channels against budgets.
/// </summary>
public static class ResourceModel
{
    /// <summary>
    /// Resources of <paramref name="network"/> with dense storage (every weight stored), for element sizes
    /// <paramref name="sizes"/>.
    /// </summary>
    public static NetworkResources Analyze(NetworkDefinition network, ElementSizes sizes) =>
        Analyze(network, sizes, flashOverride: null, scratchBytes: null);

    /// <summary>
    /// Resources with per-layer overrides: <paramref name="flashOverride"/> gives a conv/dense layer's stored bytes
    /// (e.g. zero weights removed, thresholds and tables of its kernel) and <paramref name="scratchBytes"/> any extra RAM
    /// it needs while running (e.g. 32-bit accumulators of a scatter kernel). Layers are given by declaration index.
    /// </summary>
    public static NetworkResources Analyze(NetworkDefinition network, ElementSizes sizes, Func<int, long?>? flashOverride, Func<int, long>? scratchBytes)
    {
        var shapes = NetworkShapes.Infer(network);
        var operators = new List<OperatorResources>();
        var input = (long)network.InputShape.ElementCount * sizes.Activation;
        var current = input;
        var currentIsNetworkInput = true;
        for (var i = 0; i < network.Layers.Count; i++)
        {
            var layer = network.Layers[i];
            if (layer is BatchNormLayer)
            {
                continue; // folded into the layer before it
            }

            var (flash, macs) = layer is PrunableLayer prunable ? Weights(prunable, shapes[i].Input, sizes) : (0L, 0L);
            if (flashOverride?.Invoke(i) is { } stored)
            {
                flash = stored;
            }

            // ReLU works in place, except on the network input: that is the caller's, read-only.
            var producesBuffer = layer is not (ReluLayer or FlattenLayer) || (layer is ReluLayer && currentIsNetworkInput);
            var output = producesBuffer ? (long)shapes[i].Output.ElementCount * sizes.Activation : 0L;
            var scratch = scratchBytes?.Invoke(i) ?? 0L;
            var inputShare = currentIsNetworkInput ? 0L : current;
            operators.Add(new OperatorResources(network.LayerLabel(i), layer.Kind, flash, macs, output,
                inputShare + output + scratch, current + output + scratch));
            if (producesBuffer)
            {
                current = output;
                currentIsNetworkInput = false;
            }
        }

        var networkOutput = network.Layers.Count == 0 ? input : (long)shapes[shapes.Count - 1].Output.ElementCount * sizes.Activation;
        return new NetworkResources(operators.ToImmutableEquatableArray(), ChannelCosts(network, shapes, sizes).ToImmutableEquatableArray(), input, networkOutput);
    }

    private static (long Flash, long Macs) Weights(PrunableLayer layer, TensorShape input, ElementSizes sizes)
    {
        var g = NetworkShapes.Geometry(layer, input);
        var flash = ((long)g.WeightCount * sizes.Weight) + (layer.HasBias ? (long)g.OutChannels * sizes.Bias : 0);
        return (flash, g.DenseMacs);
    }

    /// <summary>What one output channel of each conv/dense layer costs, including what the next such layer spends on it.</summary>
    private static IEnumerable<ChannelCost> ChannelCosts(NetworkDefinition network, IReadOnlyList<LayerShapes> shapes, ElementSizes sizes)
    {
        for (var i = 0; i < network.Layers.Count; i++)
        {
            if (network.Layers[i] is not PrunableLayer layer)
            {
                continue;
            }

            var g = NetworkShapes.Geometry(layer, shapes[i].Input);
            long flash = ((long)g.FanIn * sizes.Weight) + (layer.HasBias ? sizes.Bias : 0);
            var macs = (long)g.OutputPositions * g.FanIn;

            // One channel is a plane of the output; every buffer derived from it (pools, ReLU) keeps that share.
            long activation = (long)g.OutputPositions * sizes.Activation;
            for (var j = i + 1; j < network.Layers.Count; j++)
            {
                if (network.Layers[j] is PrunableLayer next)
                {
                    var n = NetworkShapes.Geometry(next, shapes[j].Input);
                    var inputsPerChannel = n.InputCount / g.OutChannels; // a flattened channel feeds several dense inputs
                    var weightsPerChannel = (long)n.OutChannelsPerGroup * n.KernelHeight * n.KernelWidth * (next is DenseLayer ? inputsPerChannel : 1);
                    flash += weightsPerChannel * sizes.Weight;
                    macs += next is DenseLayer ? weightsPerChannel : (long)n.OutputPositions * n.OutChannelsPerGroup * n.KernelHeight * n.KernelWidth;
                    break;
                }

                if (network.Layers[j] is PoolingLayer)
                {
                    activation += (long)shapes[j].Output.ElementCount / g.OutChannels * sizes.Activation;
                }
            }

            yield return new ChannelCost(network.LayerLabel(i), flash, macs, activation);
        }
    }
}
