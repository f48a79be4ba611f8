using UnIT.Collections;
using UnIT.Costs;
using UnIT.Generators.Models;
using UnIT.Model;

namespace UnIT.Generators.Describing;

/// <summary>
/// The language-neutral description of one network's kernels, made once from the planned <see cref="NetworkModel"/>:
/// per executed layer, what its kernel iterates, which tables it reads in which order, and which events it counts.
/// The C# and C backends spell it; neither decides a loop order, a table's content or a counted event on its own.
/// </summary>
internal sealed class NetworkKernels
{
    private NetworkKernels(NetworkModel model, IReadOnlyList<LayerKernel> layers)
    {
        Model = model;
        Layers = layers;
    }

    public NetworkModel Model { get; }

    /// <summary>One kernel per layer, in execution order (Flatten included, as a kernel without code).</summary>
    public IReadOnlyList<LayerKernel> Layers { get; }

    public IEnumerable<MacKernel> MacLayers => Layers.OfType<MacKernel>();

    public static NetworkKernels Describe(NetworkModel model) =>
        new(model, model.Layers.Select(layer => layer switch
        {
            MacModel mac when mac.IsInputStationary => InputStationary(mac, model.Format),
            MacModel mac => OutputStationary(mac, model.Format),
            ReluModel relu => new ReluKernel(relu, [.. Constants(FixedEvents.Relu(relu.Length, relu.QuantizedThreshold)), KernelEvent.Counted(CostEvent.ReluClear, EventCounter.Cleared)]),
            PoolModel pool => Pool(pool),
            FlattenModel flatten => (LayerKernel)new FlattenKernel(flatten),
            _ => throw new ArgumentException($"Unknown layer model {layer.GetType().Name}.", nameof(model)),
        }).ToArray());

    private static PoolKernel Pool(PoolModel pool)
    {
        var offsets = Enumerable.Range(0, pool.KernelHeight).SelectMany(ky => Enumerable.Range(0, pool.KernelWidth).Select(kx => (ky * pool.InWidth) + kx)).ToArray();
        return new PoolKernel(pool, offsets, Constants(FixedEvents.Pool(pool.IsMax, pool.OutputLength, pool.KernelHeight * pool.KernelWidth, (long)pool.Channels * pool.OutHeight)));
    }

    private static KernelEvent[] Constants(FixedEvent[] events) => events.Select(e => KernelEvent.Constant(e.Event, e.Count)).ToArray();

    private static OutputStationaryKernel OutputStationary(MacModel mac, NumberFormat format)
    {
        var g = mac.Geometry;
        var (y0, y1, x0, x1) = g.InteriorOutputs;
        var taps = Taps(mac, format);
        var gather = mac.Implementation == KernelImplementation.Gather;

        var starts = new int[g.OutChannels + 1];
        foreach (var tap in taps)
        {
            starts[tap.OutputChannel + 1]++;
        }

        for (var o = 0; o < g.OutChannels; o++)
        {
            starts[o + 1] += starts[o];
        }

        var weights = taps.Select(x => x.WeightIndex).ToArray();
        var tables = new List<KernelTable>
        {
            new("TapStart", TableElement.Index, starts),
            new("TapInput", TableElement.Index, taps.Select(x => x.InputOffset).ToArray()),
        };
        var interior = (y0, y1, x0, x1);
        if (!(y0 == 0 && y1 == g.OutHeight && x0 == 0 && x1 == g.OutWidth))
        {
            // Bounds tests of positions whose window reaches into the padding.
            tables.Add(new("TapRow", TableElement.Index, taps.Select(x => x.RowOffset).ToArray()));
            tables.Add(new("TapColumn", TableElement.Index, taps.Select(x => x.ColumnOffset).ToArray()));
        }

        tables.Add(new("TapWeight", TableElement.Weight, weights));
        if (gather)
        {
            tables.Add(new("TapThreshold", TableElement.ActivationThreshold, weights));
        }

        tables.Add(new("Bias", TableElement.Bias, Enumerable.Range(0, g.OutChannels).ToArray()));

        var events = new List<KernelEvent> { KernelEvent.Constant(CostEvent.OutputSetup, g.OutputCount) };
        if (FixedEvents.WindowTests(g, taps.Count) is var tests and > 0)
        {
            events.Add(KernelEvent.Constant(CostEvent.WindowTest, tests));
        }

        if (gather)
        {
            events.Add(KernelEvent.Constant(mac.InputNonNegative ? CostEvent.GatherCompare : CostEvent.GatherCompareSigned, mac.Candidates));
            events.Add(KernelEvent.Counted(CostEvent.GatherMac, EventCounter.Kept));
        }
        else
        {
            events.Add(KernelEvent.Constant(FixedEvents.DenseTap(g, taps), mac.Candidates));
        }

        if (format == NumberFormat.Q15)
        {
            events.AddRange(KernelEvent.Requantized(g.OutputCount, mac.RequantizeShift));
        }

        return new OutputStationaryKernel(mac, taps, interior, tables, events);
    }

    /// <summary>Every channel's non-zero weights (in the layer's number format), in canonical order.</summary>
    private static List<ConvTap> Taps(MacModel mac, NumberFormat format) =>
        mac.Geometry.AllTaps()
            .Where(tap => format == NumberFormat.Q15 ? mac.QuantizedWeights[tap.WeightIndex] != 0 : mac.SingleWeights[tap.WeightIndex] != 0f)
            .ToList();

    private static InputStationaryKernel InputStationary(MacModel mac, NumberFormat format)
    {
        var g = mac.Geometry;
        var interior = g.InteriorInputs;

        var tables = new List<KernelTable>();
        var kernel = new InputStationaryKernel(mac, interior, tables, InputStationaryEvents(mac, format));
        var all = mac.Lists.SelectMany(list => list).ToArray();
        tables.Add(new("ListStart", TableElement.Index, ListStarts(mac.Lists)));
        if (kernel.ComparesKeys)
        {
            tables.Add(new("Keys", TableElement.Key, all));
        }

        tables.Add(new("Weights", TableElement.Weight, all));
        tables.Add(new("Offsets", TableElement.Index, all.Select(g.ScatterOffset).ToArray()));
        if (!mac.IsDense && mac.TapBuckets is null)
        {
            // Window tests of border entries (Sorted, Gather); Bucketed border pixels walk per-tap lists instead.
            tables.Add(new("Rows", TableElement.Index, all.Select(g.KernelRowOf).ToArray()));
            tables.Add(new("Columns", TableElement.Index, all.Select(g.KernelColumnOf).ToArray()));
        }

        if (mac.Buckets is { } buckets)
        {
            tables.Add(new("Low", TableElement.Index, buckets.Low.SelectMany(row => row).ToArray()));
            if (!buckets.ComparisonFree)
            {
                tables.Add(new("High", TableElement.Index, buckets.High.SelectMany(row => row).ToArray()));
            }
        }

        if (mac.TapBuckets is { } tapBuckets)
        {
            var tapEntries = mac.TapLists.SelectMany(list => list).ToArray();
            tables.Add(new("TapStart", TableElement.Index, ListStarts(mac.TapLists)));
            tables.Add(new("TapWeights", TableElement.Weight, tapEntries));
            tables.Add(new("TapOffsets", TableElement.Index, tapEntries.Select(g.ScatterOffset).ToArray()));
            tables.Add(new("TapLow", TableElement.Index, tapBuckets.Low.SelectMany(row => row).ToArray()));
            if (!tapBuckets.ComparisonFree)
            {
                tables.Add(new("TapKeys", TableElement.Key, tapEntries));
                tables.Add(new("TapHigh", TableElement.Index, tapBuckets.High.SelectMany(row => row).ToArray()));
            }
        }

        tables.Add(new("Bias", TableElement.Bias, Enumerable.Range(0, g.OutChannels).ToArray()));
        return kernel;
    }

    private static KernelEvent[] InputStationaryEvents(MacModel mac, NumberFormat format)
    {
        var g = mac.Geometry;
        var oneList = FixedEvents.WalksOneList(mac.Implementation, g);
        var events = new List<KernelEvent>
        {
            KernelEvent.Constant(CostEvent.ScatterSetup, g.OutputCount),
            KernelEvent.Constant(CostEvent.InputVisit, g.InputCount),
            KernelEvent.Counted(FixedEvents.ActiveInput(g), EventCounter.Active),
            // A dense Gather layer compares every entry of its lists; its loop is priced as its own pair of events.
            KernelEvent.Counted(FixedEvents.ScatterProduct(mac.Implementation, mac.IsDense, oneList), EventCounter.Kept),
            KernelEvent.Counted(FixedEvents.BorderEntryTest(oneList), EventCounter.Tests),
            KernelEvent.Counted(FixedEvents.BorderTap(mac.TapBuckets?.ComparisonFree ?? true), EventCounter.Taps),
            KernelEvent.Counted(FixedEvents.ListEntryCompare(mac.Implementation, oneList), EventCounter.Compares),
            KernelEvent.Counted(QuotientEvent(mac.Division), EventCounter.Quotients),
        };
        if (mac.TapBuckets is not null)
        {
            // A Bucketed border pixel loads its window's valid kernel rows and columns; a Sorted one only tests entries.
            events.Add(KernelEvent.Counted(CostEvent.BorderSetup, EventCounter.Borders));
        }

        if (mac.Implementation == KernelImplementation.Sorted && !mac.IsDense)
        {
            // A Sorted border pixel's kept entries run the border walk's own product, and its column test apart from the row's.
            events.Add(KernelEvent.Counted(FixedEvents.BorderProduct(mac.Implementation, oneList), EventCounter.BorderKept));
            events.Add(KernelEvent.Counted(CostEvent.BorderColumnTest, EventCounter.ColumnTests));
        }

        events.AddRange(FixedEvents.InputRows(mac.Implementation, g).Select(row => KernelEvent.Constant(row.Event, row.Count)));
        if (mac.Buckets is { } buckets)
        {
            // One bucket lookup per non-zero input.
            events.Add(KernelEvent.Counted(buckets.Bits == 0 ? CostEvent.BucketLookup : CostEvent.BucketLookupFine, EventCounter.Active));
        }

        if (format == NumberFormat.Q15)
        {
            events.AddRange(KernelEvent.Requantized(g.OutputCount, mac.RequantizeShift));
            events.AddRange(ShiftStepEvents(mac));
        }

        return events.ToArray();
    }

    /// <summary>
    /// The Q15 shift steps a scatter layer can run (UnIT.Costs.ShiftSteps): its division's quotient shifts, and the
    /// mantissa alignment of fine bucket slots.
    /// </summary>
    public static IEnumerable<KernelEvent> ShiftStepEvents(MacModel mac)
    {
        var fineSlots = mac.Buckets is { Bits: > 0 } || mac.TapBuckets is { Bits: > 0 };
        var multiplyShift = mac.Division is DivisionApproximation.ReciprocalLut or DivisionApproximation.FloatBits;
        if (multiplyShift || fineSlots)
        {
            yield return KernelEvent.Counted(CostEvent.ShiftLeftStep, EventCounter.LeftSteps);
        }

        if (mac.Division == DivisionApproximation.Pow2)
        {
            yield return KernelEvent.Counted(CostEvent.ShiftRightStep, EventCounter.RightSteps);
        }

        if (multiplyShift)
        {
            yield return KernelEvent.Counted(CostEvent.WideShiftRightStep, EventCounter.WideSteps);
        }
    }

    private static CostEvent QuotientEvent(DivisionApproximation division) => division switch
    {
        DivisionApproximation.Exact => CostEvent.QuotientExact,
        DivisionApproximation.Pow2 => CostEvent.QuotientPow2,
        DivisionApproximation.ReciprocalLut => CostEvent.QuotientReciprocalLut,
        DivisionApproximation.FloatBits => CostEvent.QuotientFloatBits,
        _ => throw new ArgumentOutOfRangeException(nameof(division), division, "Unknown division approximation."),
    };

    /// <summary>Where each list starts in the concatenated entry tables, plus the total at the end.</summary>
    private static int[] ListStarts(IReadOnlyList<ImmutableEquatableArray<int>> lists)
    {
        var starts = new int[lists.Count + 1];
        for (var i = 0; i < lists.Count; i++)
        {
            starts[i + 1] = starts[i] + lists[i].Count;
        }

        return starts;
    }
}
