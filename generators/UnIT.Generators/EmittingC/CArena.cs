using UnIT.Generators.Describing;
using UnIT.Kernels;

namespace UnIT.Generators.EmittingC;

/// <summary>Where one layer writes in the arena, in 16-bit elements from its start.</summary>
/// <param name="Input">First element of the layer's input, or null when it reads the caller's input.</param>
/// <param name="Output">First element of the layer's output.</param>
/// <param name="Accumulators">First element of a scatter layer's 32-bit accumulators (two elements each), or null.</param>
/// <param name="AtTop">
/// True when the output sits at the arena's top end: a scatter layer then requantises downwards, false upwards, so that
/// writing output i never overwrites an accumulator still to be read.
/// </param>
internal sealed record CArenaSlot(int? Input, int Output, int? Accumulators, bool AtTop)
{
    /// <summary>The elements the layer writes: its output and, on a scatter layer, the accumulators the output overlays.</summary>
    public (int Start, int End) Written(int outputLength) =>
        (Math.Min(Output, Accumulators ?? Output),
         Math.Max(Output + outputLength, Accumulators is { } first ? first + CArena.AccumulatorElements(outputLength) : 0));
}

/// <summary>
/// How the C export lays out activations: one arena of the cost model's size
/// (<c>PeakActivationRamBytesWithoutInput</c>, the largest working set of one layer, <c>KernelResources</c>), so the
/// estimate is the allocation. Layers alternate ends: each reads its input at one end and writes its output at the
/// other (ReLU works in place, Flatten is a view, the first layer reads the caller's input), so a layer needs its input
/// plus its output. A scatter layer's 32-bit accumulators take the output's end and the output overlays them: at the
/// bottom it is requantised upwards (output i lands on accumulator i/2, already read), at the top downwards (output i of
/// n lands on accumulator (n + i)/2 ≥ i, already read); it needs its input plus its accumulators. Pointers into the
/// accumulators are <c>unit_accumulator *</c>, a <c>may_alias</c> type, because the same bytes are 16-bit activations
/// in other layers.
/// </summary>
internal sealed class CArena
{
    private CArena(int length, IReadOnlyDictionary<int, CArenaSlot> slots)
    {
        Length = length;
        Slots = slots;
    }

    /// <summary>The arena's length in 16-bit elements.</summary>
    public int Length { get; }

    /// <summary>Per executed layer with code (by layer index), where it writes.</summary>
    public IReadOnlyDictionary<int, CArenaSlot> Slots { get; }

    /// <summary>
    /// Lays out <paramref name="kernels"/> in an arena of <paramref name="bytes"/>; throws when a layer's working set does
    /// not fit, which would mean the resource model and this layout disagree (a bug, not a user error).
    /// </summary>
    public static CArena Lay(NetworkKernels kernels, long bytes)
    {
        var length = checked((int)(bytes / 2));
        var slots = new Dictionary<int, CArenaSlot>();
        CArenaSlot? current = null; // null: the caller's input
        var inputLength = 0;
        foreach (var kernel in kernels.Layers.Where(k => k is not FlattenKernel))
        {
            var outputLength = kernel.Layer.OutputLength;
            var accumulators = kernel is InputStationaryKernel ? AccumulatorElements(outputLength) : 0;
            CArenaSlot slot;
            if (kernel is ReluKernel && current is not null)
            {
                slot = current with { Input = current.Output, Accumulators = null };
            }
            else
            {
                var atTop = current is { AtTop: false };
                var inputShare = current is null ? 0 : inputLength;
                var needed = inputShare + Math.Max(outputLength, accumulators);
                if (needed > length)
                {
                    throw new InvalidOperationException(
                        $"Layer {kernel.Index} needs {needed * 2} B of activations beside its input, but the resource model's arena has {bytes} B.");
                }

                slot = atTop
                    ? new CArenaSlot(current?.Output, length - outputLength, accumulators > 0 ? length - accumulators : null, AtTop: true)
                    : new CArenaSlot(current?.Output, 0, accumulators > 0 ? 0 : null, AtTop: false);
            }

            slots[kernel.Index] = slot;
            current = slot;
            inputLength = outputLength;
        }

        return new CArena(length, slots);
    }

    /// <summary>The 16-bit elements the 32-bit accumulators of <paramref name="outputLength"/> outputs take.</summary>
    public static int AccumulatorElements(int outputLength) => outputLength * (ResourceEstimate.AccumulatorBytes / 2);
}
