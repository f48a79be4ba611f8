using UnIT.Costs;

namespace UnIT.Resources;

/// <summary>
/// A plan that does not fit the part: how many bytes of FRAM it needs, how many the part has, and the one item (a
/// layer's constants, or the activation peak when activations live in FRAM) that is the largest share of it.
/// </summary>
/// <param name="Layer">The layer label of the largest item: the layer to shrink first.</param>
/// <param name="LayerBytes">That item's bytes.</param>
/// <param name="IsActivationPeak">True when the largest item is the activation working set at <paramref name="Layer"/>, not its constants.</param>
/// <param name="ConstantBytes">Bytes of weights, biases, thresholds and tables of the whole network.</param>
/// <param name="ActivationBytes">The activation buffers' bytes: input, output and arena (<see cref="NetworkResources.ActivationBytes"/>).</param>
/// <param name="ActivationsInFram">True when the activations outgrow SRAM and therefore take FRAM too.</param>
/// <param name="NeededBytes">FRAM the plan needs.</param>
/// <param name="CapacityBytes">FRAM the part has.</param>
public sealed record MemoryOverflow(
    string Layer, long LayerBytes, bool IsActivationPeak, long ConstantBytes, long ActivationBytes, bool ActivationsInFram, long NeededBytes, long CapacityBytes)
{
    /// <summary>How many bytes must go for the plan to fit.</summary>
    public long BytesOver => NeededBytes - CapacityBytes;
}

/// <summary>
/// Whether a plan fits the part (docs/memory.md): constants always live in FRAM; the activation buffers (input, output
/// and arena) live in SRAM when the program's RAM (<see cref="NetworkResources.RamBytes"/>: those and the stack) fits
/// there, else in FRAM beside the constants (the C export's <c>UNIT_ACTIVATIONS</c> placement, paid for in FRAM wait
/// states) and only the stack stays in SRAM. So SRAM never overflows; the one budget that can is FRAM.
/// Flash is what <see cref="KernelResources"/> counts: constant tables and, in Q15, code.
/// </summary>
public static class PartFit
{
    /// <summary>True when the program's RAM does not fit SRAM, so the activation buffers must be placed in FRAM.</summary>
    public static bool ActivationsInFram(NetworkResources resources, PartMemory memory) => resources.RamBytes > memory.SramBytes;

    /// <summary>FRAM bytes the plan needs: its constants, plus its activation buffers when they outgrow SRAM.</summary>
    public static long FramBytesNeeded(NetworkResources resources, PartMemory memory) =>
        resources.FlashBytes + (ActivationsInFram(resources, memory) ? resources.ActivationBytes : 0);

    /// <summary>The overflow of <paramref name="resources"/> on <paramref name="memory"/>, or null when the plan fits.</summary>
    public static MemoryOverflow? Check(NetworkResources resources, PartMemory memory)
    {
        var needed = FramBytesNeeded(resources, memory);
        if (needed <= memory.FramBytes || resources.Operators.Count == 0)
        {
            return null;
        }

        var inFram = ActivationsInFram(resources, memory);
        var largest = resources.Operators.OrderByDescending(o => o.FlashBytes).First();
        var peak = resources.ActivationBytes;
        var activationPeakIsLargest = inFram && peak > largest.FlashBytes;
        return new MemoryOverflow(
            activationPeakIsLargest ? resources.Operators.OrderByDescending(o => o.LiveBytes).First().Label : largest.Label,
            activationPeakIsLargest ? peak : largest.FlashBytes,
            activationPeakIsLargest,
            resources.FlashBytes,
            peak,
            inFram,
            needed,
            memory.FramBytes);
    }
}
