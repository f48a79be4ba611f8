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
/// <param name="InputBytes">The network input buffer (the caller's).</param>
/// <param name="OutputBytes">The network output buffer (the caller's).</param>
public sealed record NetworkResources(ImmutableEquatableArray<OperatorResources> Operators, ImmutableEquatableArray<ChannelCost> ChannelCosts, long InputBytes, long OutputBytes)
{
    /// <summary>
    /// SRAM kept for the stack: the deepest call chain of an inference (caller, <c>&lt;Net&gt;_infer</c> with the layers
    /// clang inlines into it, a helper such as the division) saves at most the 7 callee-saved registers and a return
    /// address per frame, plus spills; 26-92 B measured on the simulator over the Q15 classes of the MNIST sample. The
    /// MSP430 build's linker script reserves the same (docs/memory.md).
    /// </summary>
    public const int StackReserveBytes = 256;

    /// <summary>Total flash bytes.</summary>
    public long FlashBytes => Operators.Sum(o => o.FlashBytes);

    /// <summary>Total dense MACs per inference.</summary>
    public long Macs => Operators.Sum(o => o.Macs);

    /// <summary>Peak activation RAM (largest working set of live buffers), network input excluded.</summary>
    public long PeakRamBytes => Operators.Count == 0 ? 0 : Operators.Max(o => o.LiveBytes);

    /// <summary>Peak activation RAM with the network input buffer counted.</summary>
    public long PeakRamBytesWithInput => Operators.Count == 0 ? 0 : Operators.Max(o => o.LiveBytesWithInput);

    /// <summary>
    /// RAM a program that runs the network needs on the MCU: the caller's input and output buffers, the activation arena
    /// (<see cref="PeakRamBytes"/>: the C export lays every layer's input, output and accumulators out in one arena of that
    /// size) and <see cref="StackReserveBytes"/>.
    /// </summary>
    public long RamBytes => ActivationBytes + StackReserveBytes;

    /// <summary>Every activation buffer a program that runs the network keeps: the caller's input and output and the arena.</summary>
    public long ActivationBytes => InputBytes + PeakRamBytes + OutputBytes;

    /// <summary>The operator where the peak (with input) occurs: the memory bottleneck.</summary>
    public string Bottleneck => Operators.Count == 0 ? string.Empty : Operators.OrderByDescending(o => o.LiveBytesWithInput).First().Label;
}
