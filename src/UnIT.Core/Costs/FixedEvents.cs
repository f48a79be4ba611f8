using UnIT.Kernels;
using UnIT.Model;

namespace UnIT.Costs;

/// <summary>One kind of event a layer incurs a fixed number of times, whatever its input.</summary>
public readonly record struct FixedEvent(CostEvent Event, long Count);

/// <summary>
/// The counting rule of layers whose events do not depend on the input (ReLU and pooling), in one place: the
/// interpreter counts them, the kernel descriptions add them as constants, the network description prices them
/// (ReLU's cleared elements, which do depend on it, are counted where the layer runs).
/// </summary>
public static class FixedEvents
{
    /// <summary>
    /// ReLU: one test per element (the cleared ones add <see cref="CostEvent.ReluClear"/>, <see cref="ReluCleared{T}"/>):
    /// <see cref="CostEvent.ReluTestZero"/> when the Q15 threshold <paramref name="quantizedThreshold"/> is 0 (the
    /// compare's constant #1 comes from the constant generator), <see cref="CostEvent.ReluTest"/> otherwise.
    /// </summary>
    public static FixedEvent[] Relu(long elements, int quantizedThreshold) =>
        [new(quantizedThreshold == 0 ? CostEvent.ReluTestZero : CostEvent.ReluTest, elements)];

    /// <summary>
    /// ReLU's one input-dependent event, counted beside its fixed one: the elements it cleared, which are the outputs
    /// that are 0 (θ ≥ 0, so every kept element is above 0).
    /// </summary>
    public static long ReluCleared<T>(ReadOnlySpan<T> output)
        where T : IEquatable<T>
    {
        long cleared = 0;
        foreach (var value in output)
        {
            if (value.Equals(default!))
            {
                cleared++;
            }
        }

        return cleared;
    }

    /// <summary>
    /// Q15 requantisation, after a conv/dense layer: each output takes the tail of its sum's sign, which compiles by
    /// the layer's accumulator shift (<see cref="RequantizeTails"/>); the negative sums are counted where the layer runs.
    /// </summary>
    public static FixedEvent[] Requantized(long outputs, long negativeSums, int rightShift)
    {
        var (nonNegative, negative) = RequantizeTails(rightShift);
        return [new(nonNegative, outputs - negativeSums), new(negative, negativeSums)];
    }

    /// <summary>
    /// The events of the two tails: at the largest shift, 16, the result is the rounded high word; below it the result
    /// takes bits of both words (priced at the sample networks' 15; docs/cost-model.md).
    /// </summary>
    public static (CostEvent NonNegative, CostEvent Negative) RequantizeTails(int rightShift) => rightShift >= Semantics.Q15.MaxRequantizeShift
        ? (CostEvent.RequantizeNonNegative, CostEvent.RequantizeNegative)
        : (CostEvent.RequantizeShiftedNonNegative, CostEvent.RequantizeShiftedNegative);

    /// <summary>
    /// The event of a Bucketed border pixel's valid tap: <see cref="CostEvent.TapLookupBand"/> when the layer's tap
    /// tables have a band (the C backend then also reads each tap's upper bound), <see cref="CostEvent.TapLookup"/> otherwise.
    /// </summary>
    public static CostEvent BorderTap(bool tapTablesComparisonFree) => tapTablesComparisonFree ? CostEvent.TapLookup : CostEvent.TapLookupBand;

    /// <summary>
    /// Pooling, as the C backend's rolled loops run it: per output the first window element (loaded into the running
    /// maximum or the sum, with the output event) and one read per further element, then one row step per output row
    /// of every channel (<paramref name="rows"/>: channels × output height; the per-channel step is left out).
    /// </summary>
    public static FixedEvent[] Pool(bool isMax, long outputs, long window, long rows) => isMax
        ? [new(CostEvent.MaxPoolRead, outputs * (window - 1)), new(CostEvent.MaxPoolOutput, outputs), new(CostEvent.MaxPoolRow, rows)]
        : [new(CostEvent.AvgPoolRead, outputs * (window - 1)), new(CostEvent.AvgPoolOutput, outputs), new(CostEvent.AvgPoolRow, rows)];

    /// <summary>
    /// The window tests of an output-stationary convolution (Dense, Gather): every stored tap at every output position
    /// when some window reaches into the padding, none otherwise.
    /// </summary>
    public static long WindowTests(ConvGeometry geometry, long storedTaps) =>
        geometry.WindowsAllInside ? 0 : (long)geometry.OutputPositions * storedTaps;

    /// <summary>
    /// The event of one Dense tap, by how the C backend stores the taps' input offsets (the narrowest type,
    /// <see cref="TableWidths"/>): bytes run <see cref="CostEvent.Mac"/>; 16-bit offsets (a layer of more than 256 inputs)
    /// run <see cref="CostEvent.MacWide"/> on a convolution and <see cref="CostEvent.MacWideDense"/> on a fully connected
    /// layer. A padded convolution keeps Mac: its tap loop is another loop, which Mac and
    /// <see cref="CostEvent.WindowTest"/> price together.
    /// </summary>
    /// <param name="geometry">The layer's geometry.</param>
    /// <param name="storedTaps">The taps the kernel stores (the non-zero weights in the layer's number format).</param>
    public static CostEvent DenseTap(ConvGeometry geometry, IEnumerable<ConvTap> storedTaps)
    {
        if (geometry is null)
        {
            throw new ArgumentNullException(nameof(geometry));
        }

        if (!geometry.WindowsAllInside || TableWidths.Of(storedTaps.Select(t => (long)t.InputOffset)) == TableWidth.UInt8)
        {
            return CostEvent.Mac;
        }

        return geometry.IsFullyConnected ? CostEvent.MacWideDense : CostEvent.MacWide;
    }

    /// <summary>
    /// The event of an input-stationary kernel's non-zero input: a convolution's pixel also forms its scatter base and
    /// tests whether it is an interior pixel (<see cref="CostEvent.ActivePixel"/>); a fully connected layer's input does
    /// neither (<see cref="CostEvent.ActiveInput"/>).
    /// </summary>
    public static CostEvent ActiveInput(ConvGeometry geometry) =>
        (geometry ?? throw new ArgumentNullException(nameof(geometry))).IsFullyConnected ? CostEvent.ActiveInput : CostEvent.ActivePixel;

    /// <summary>
    /// The row steps of an input-stationary convolution's pixel loops: one per input row of every channel, Bucketed's
    /// with its border window's row bounds (<see cref="CostEvent.InputRowWindow"/>); none on a fully connected layer.
    /// The channel loop's step is left out (a channel has 6 to 28 rows).
    /// </summary>
    public static FixedEvent[] InputRows(KernelImplementation implementation, ConvGeometry geometry) =>
        (geometry ?? throw new ArgumentNullException(nameof(geometry))).IsFullyConnected
            ? []
            : [new(implementation == KernelImplementation.Bucketed ? CostEvent.InputRowWindow : CostEvent.InputRow, (long)geometry.InChannels * geometry.InHeight)];

    /// <summary>
    /// Whether a kernel walks one fan-out list only: a Sorted convolution with one input channel, whose list starts at a
    /// constant. Clang then walks it with one index into the absolutely addressed tables (<c>CMP Keys(R7),R8</c>) instead
    /// of stepping a pointer per table, so its entries run the <c>OneList</c> events. A Bucketed walk's counts come from
    /// its bucket tables and keep their pointers; so does every list of a layer with more channels.
    /// </summary>
    public static bool WalksOneList(KernelImplementation implementation, ConvGeometry geometry) =>
        implementation == KernelImplementation.Sorted && !geometry.IsFullyConnected && geometry.InChannels == 1;

    /// <summary>
    /// The event of one kept entry of an input-stationary kernel's fan-out list: a dense Gather layer's list loop
    /// (<see cref="CostEvent.ListMac"/>), a dense layer's byte offsets (<see cref="CostEvent.ScatterMacDense"/>), a
    /// one-list walk's (<see cref="CostEvent.OneListMac"/>, <see cref="WalksOneList"/>) or a convolution's (<see cref="CostEvent.ScatterMac"/>).
    /// </summary>
    public static CostEvent ScatterProduct(KernelImplementation implementation, bool dense, bool oneList) =>
        implementation == KernelImplementation.Gather ? CostEvent.ListMac
        : dense ? CostEvent.ScatterMacDense
        : oneList ? CostEvent.OneListMac
        : CostEvent.ScatterMac;

    /// <summary>
    /// The event of one kept entry of a convolution's border pixel that lands inside the map: a Sorted border walk's
    /// own product (<see cref="CostEvent.BorderMac"/>, or <see cref="CostEvent.OneListBorderMac"/>; the walk also
    /// counts <see cref="BorderEntryTest"/> and <see cref="CostEvent.BorderColumnTest"/>); a Bucketed kernel's border
    /// lists count <see cref="CostEvent.ScatterMac"/>.
    /// </summary>
    public static CostEvent BorderProduct(KernelImplementation implementation, bool oneList) =>
        implementation != KernelImplementation.Sorted ? CostEvent.ScatterMac
        : oneList ? CostEvent.OneListBorderMac
        : CostEvent.BorderMac;

    /// <summary>The event of a Sorted border walk's step to one kept entry and its row test.</summary>
    public static CostEvent BorderEntryTest(bool oneList) => oneList ? CostEvent.OneListBorderTest : CostEvent.BorderTest;

    /// <summary>
    /// The event of one compared list entry: a dense Gather layer tests every entry (<see cref="CostEvent.ListTest"/>),
    /// Sorted and Bucketed compare keys (<see cref="CostEvent.ListCompare"/>, in a one-list walk <see cref="CostEvent.OneListCompare"/>).
    /// </summary>
    public static CostEvent ListEntryCompare(KernelImplementation implementation, bool oneList) =>
        implementation == KernelImplementation.Gather ? CostEvent.ListTest
        : oneList ? CostEvent.OneListCompare
        : CostEvent.ListCompare;

    /// <summary>The events as counters.</summary>
    public static EventCounts Counts(IEnumerable<FixedEvent> events)
    {
        var counts = default(EventCounts);
        foreach (var e in events)
        {
            counts[e.Event] += e.Count;
        }

        return counts;
    }

    /// <summary>The events' cycles on <paramref name="profile"/>.</summary>
    public static double Cycles(IEnumerable<FixedEvent> events, CostProfile profile)
    {
        var cycles = 0d;
        foreach (var e in events)
        {
            cycles += e.Count * profile.CyclesPer(e.Event);
        }

        return cycles;
    }
}
