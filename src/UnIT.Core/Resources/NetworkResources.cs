using UnIT.Collections;
using UnIT.Model;

namespace UnIT.Resources;

/// <summary>What one operator (layer) costs on the MCU.</summary>
/// <param name="Label">Layer label.</param>
/// <param name="Kind">Layer kind.</param>
/// <param name="FlashBytes">Constants the layer stores in flash (weights, biases, thresholds, tables).</param>
/// <param name="Macs">Dense multiply-accumulates per inference.</param>
/// <param name="OutputBytes">Bytes of the activation buffer it produces (0 when it works in place or is a view).</param>
/// <param name="LiveBytes">Activation bytes alive while it runs (its input, its output, its scratch), network input excluded.</param>
/// <param name="LiveBytesWithInput">The same, counting the network input buffer too.</param>
public sealed record OperatorResources(string Label, LayerKind Kind, long FlashBytes, long Macs, long OutputBytes, long LiveBytes, long LiveBytesWithInput);

/// <summary>
/// What removing one output channel of a conv/dense layer saves: its own weights and bias, the weights of the next
/// layer that read it, their MACs, and its share of the activation buffers (the peak falls by up to that much).
/// </summary>
public sealed record ChannelCost(string Label, long FlashBytes, long Macs, long ActivationBytes);

/// <summary>The MCU resources of a whole network (Liberis &amp; Lane's model: flash, MACs, peak RAM by buffer liveness).</summary>
/// <param name="Operators">Per-operator resources, in execution order.</param>
/// <param name="ChannelCosts">Marginal cost of one channel of each conv/dense layer.</param>
public sealed record NetworkResources(ImmutableEquatableArray<OperatorResources> Operators, ImmutableEquatableArray<ChannelCost> ChannelCosts)
{
    /// <summary>Total flash bytes.</summary>
    public long FlashBytes => Operators.Sum(o => o.FlashBytes);

    /// <summary>Total dense MACs per inference.</summary>
    public long Macs => Operators.Sum(o => o.Macs);

    /// <summary>Peak activation RAM (largest working set of live buffers), network input excluded.</summary>
    public long PeakRamBytes => Operators.Count == 0 ? 0 : Operators.Max(o => o.LiveBytes);

    /// <summary>Peak activation RAM with the network input buffer counted.</summary>
    public long PeakRamBytesWithInput => Operators.Count == 0 ? 0 : Operators.Max(o => o.LiveBytesWithInput);

    /// <summary>The operator where the peak (with input) occurs: the memory bottleneck.</summary>
    public string Bottleneck => Operators.Count == 0 ? string.Empty : Operators.OrderByDescending(o => o.LiveBytesWithInput).First().Label;
}
