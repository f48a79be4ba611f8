using UnIT.Collections;
using UnIT.Model;
using UnIT.Resources;

namespace UnIT.Training.Pruning;

/// <summary>
/// The channel structure of a network for structured pruning: which layers' output channels may go, the widths a
/// network's channel masks leave, the smaller definition with those widths and its MCU resources, and the physical
/// removal of pruned channels.
/// </summary>
/// <remarks>
/// A channel counts as pruned when <see cref="WeightMask.PruneChannel"/> masked it (its weights and bias), so its output
/// is exactly zero: after ReLU (any θ), max or average pooling and flatten it is still zero, and every layer that reads it
/// adds only zero products. Removing it together with the weights that read it therefore leaves the network's function
/// unchanged.
/// </remarks>
public static class ChannelPruning
{
    /// <summary>
    /// The conv and dense layers whose output channels structured pruning may remove: all but the last one, whose outputs
    /// are the network's outputs (the classifier's logits), and none that is grouped or feeds a grouped convolution
    /// (a group's channels go together: removing one would change the grouping, not just a width).
    /// </summary>
    public static IReadOnlyList<string> PrunableLayers(NetworkDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var layers = definition.Layers.OfType<PrunableLayer>().ToList();
        static bool Grouped(PrunableLayer layer) => layer is ConvolutionLayer { Groups: > 1 };
        return Enumerable.Range(0, Math.Max(0, layers.Count - 1))
            .Where(i => !Grouped(layers[i]) && !Grouped(layers[i + 1]))
            .Select(i => layers[i].Name)
            .ToList();
    }

    /// <summary>For every conv and dense layer, which output channels are kept (not channel-pruned).</summary>
    public static IReadOnlyDictionary<string, bool[]> KeptChannels(TrainableNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var kept = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        foreach (var layer in network.Layers)
        {
            var channels = new bool[layer.Geometry.OutChannels];
            for (var c = 0; c < channels.Length; c++)
            {
                channels[c] = layer.Mask?.IsChannelPruned(c) != true;
            }

            kept[layer.Name] = channels;
        }

        return kept;
    }

    /// <summary>The number of kept output channels of every conv and dense layer.</summary>
    public static IReadOnlyDictionary<string, int> Widths(TrainableNetwork network) =>
        KeptChannels(network).ToDictionary(pair => pair.Key, pair => pair.Value.Count(k => k), StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="definition"/> with the conv/dense layers named in <paramref name="widths"/> set to those widths.
    /// A narrowed layer's threshold groups are dropped (its <c>GroupSize</c> rarely divides the new width, and UnIT
    /// thresholds are calibrated on the pruned network anyway); its layer threshold stays.
    /// </summary>
    /// <exception cref="ArgumentException">A width names no conv/dense layer, is not positive, or widens a layer.</exception>
    public static NetworkDefinition Narrow(NetworkDefinition definition, IReadOnlyDictionary<string, int> widths)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(widths);
        var names = definition.Layers.OfType<PrunableLayer>().Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, width) in widths)
        {
            if (!names.Contains(name))
            {
                throw new ArgumentException($"Network '{definition.Name}' has no conv or dense layer '{name}'; it has {string.Join(", ", names)}.", nameof(widths));
            }

            if (width < 1)
            {
                throw new ArgumentException($"Layer '{name}' would keep {width} channels; keep at least one.", nameof(widths));
            }
        }

        var layers = definition.Layers.Select(layer => layer switch
        {
            PrunableLayer prunable when widths.TryGetValue(prunable.Name, out var width) && width != prunable.OutputChannels =>
                width > prunable.OutputChannels
                    ? throw new ArgumentException($"Layer '{prunable.Name}' has {prunable.OutputChannels} channels; pruning cannot make it {width} wide.", nameof(widths))
                    : Resize(prunable, width),
            _ => layer,
        });
        return definition with { Layers = layers.ToImmutableEquatableArray() };
    }

    /// <summary>
    /// The MCU resources of <paramref name="network"/> as its channel masks leave it: <paramref name="accounting"/> (default
    /// <see cref="ResourceAccounting.Default"/>) applied to the definition narrowed to <see cref="Widths"/>.
    /// </summary>
    public static NetworkResources Resources(TrainableNetwork network, ResourceAccounting? accounting = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        return (accounting ?? ResourceAccounting.Default).Analyze(Narrow(network.Definition, Widths(network)));
    }

    /// <summary>
    /// Physically removes every channel-pruned channel: a new network with the narrower definition whose kept channels carry
    /// the trained weights (with masks applied, so masked weights of kept channels are zeros), and whose following layers keep
    /// only the weights that read kept channels — through ReLU, pooling and flatten (a flattened channel is a block of
    /// positions). It computes what <paramref name="network"/> computes. The result has no masks.
    /// </summary>
    /// <exception cref="InvalidOperationException">The classifier's outputs, or every channel of a layer, are pruned.</exception>
    public static TrainableNetwork RemovePrunedChannels(TrainableNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var kept = KeptChannels(network);
        var classifier = network.Layers[^1];
        if (kept[classifier.Name].Contains(false))
        {
            throw new InvalidOperationException(
                $"Layer '{classifier.Name}' produces the network's outputs; its channels cannot be removed (restore them, or prune only {string.Join(", ", PrunableLayers(network.Definition))}).");
        }

        foreach (var (name, channels) in kept)
        {
            if (!channels.Contains(true))
            {
                throw new InvalidOperationException($"Every channel of layer '{name}' is pruned; keep at least one.");
            }
        }

        var smaller = TrainableNetwork.Create(Narrow(network.Definition, Widths(network)), seed: 0);
        var sources = ChannelSources(network);
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var from = network.Layers[l];
            var to = smaller.Layers[l];
            var (weight, bias) = from.MaskedValues();
            var outputs = Indices(kept[from.Name]);
            var source = sources[l];
            var inputs = source < 0 ? [0] : Indices(kept[network.Layers[source].Name]);
            var block = source < 0 ? from.Geometry.FanIn : from.Geometry.FanIn / network.Layers[source].Geometry.OutChannels;
            var target = to.Weight.Values;
            var position = 0;
            foreach (var o in outputs)
            {
                foreach (var c in inputs)
                {
                    weight.AsSpan((o * from.Geometry.FanIn) + (c * block), block).CopyTo(target.AsSpan(position, block));
                    position += block;
                }
            }

            if (bias is not null)
            {
                for (var i = 0; i < outputs.Length; i++)
                {
                    to.Bias!.Values[i] = bias[outputs[i]];
                }
            }
        }

        return smaller;
    }

    /// <summary>
    /// For each conv/dense layer (by index in <see cref="TrainableNetwork.Layers"/>), the conv/dense layer whose channels it
    /// reads, or −1 when it reads the network input. Pooling, ReLU and flatten keep channels apart; every input of a layer
    /// belongs to one channel of its source, in contiguous blocks of <c>FanIn / source channels</c> (the kernel window of a
    /// convolution, the positions of a flattened channel, or one feature of a dense layer).
    /// </summary>
    internal static int[] ChannelSources(TrainableNetwork network)
    {
        var sources = new int[network.Layers.Count];
        var last = -1;
        var index = 0;
        foreach (var layer in network.Definition.Layers)
        {
            if (layer is PrunableLayer)
            {
                sources[index] = last;
                last = index++;
            }
        }

        return sources;
    }

    private static int[] Indices(bool[] kept) => [.. Enumerable.Range(0, kept.Length).Where(i => kept[i])];

    private static PrunableLayer Resize(PrunableLayer layer, int width)
    {
        var pruning = layer.Pruning with { GroupSize = 0, GroupThresholds = ImmutableEquatableArray<float>.Empty };
        return layer switch
        {
            ConvolutionLayer conv => conv with { OutChannels = width, Pruning = pruning },
            DenseLayer dense => dense with { OutFeatures = width, Pruning = pruning },
            _ => throw new ArgumentException($"Unknown prunable layer {layer.GetType().Name}.", nameof(layer)),
        };
    }
}
