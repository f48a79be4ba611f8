using UnIT.Generators.Describing;
using UnIT.Generators.Models;
using UnIT.Kernels;

namespace UnIT.Generators.Emitting;

/// <summary>
/// What only Bucketed kernels write: the bucket slot of |a| and the comparison band between a bucket's two counts (as
/// per-layer methods the walks call), and the walk of a border pixel's valid taps, each with its own count table.
/// </summary>
internal static partial class Emitter
{
    /// <summary>The bucket slot of magnitude <c>m</c>, clamped to the table (see <see cref="WriteBucketHelpers"/>), and its shift's steps.</summary>
    private static void WriteSlot(SourceWriter w, MacModel mac, FormatTraits t, BucketModel buckets) =>
        w.Line($"var slot = {SlotMethod(mac, buckets)}(m);{(buckets.Bits == 0 ? string.Empty : " " + CountShiftSteps(mac, t, $"global::UnIT.Costs.ShiftSteps.Slot({Int(buckets.Bits)}, m)"))}".TrimEnd());

    /// <summary>A quotient of magnitude <c>m</c>: the quotient count and its shifts' steps.</summary>
    private static string CountQuotient(MacModel mac, FormatTraits t) =>
        ("quotients++; " + CountShiftSteps(mac, t, $"global::UnIT.Costs.ShiftSteps.Quotient(global::UnIT.DivisionApproximation.{mac.Division}, m)")).TrimEnd();

    /// <summary>
    /// Adds the steps <paramref name="steps"/> (a <c>ShiftSteps</c> expression) to the step counters the layer keeps
    /// (<see cref="NetworkKernels.ShiftStepEvents"/>; none in float).
    /// </summary>
    private static string CountShiftSteps(MacModel mac, FormatTraits t, string steps)
    {
        var additions = StepCounters(mac, t).Select(c => $"{CounterVariable(c)} += steps.{c switch { EventCounter.LeftSteps => "Left", EventCounter.RightSteps => "Right", _ => "Wide" }};").ToArray();
        return additions.Length == 0 ? string.Empty : $"{{ var steps = {steps}; {string.Join(" ", additions)} }}";
    }

    private static EventCounter[] StepCounters(MacModel mac, FormatTraits t) =>
        t.IsQ15 ? NetworkKernels.ShiftStepEvents(mac).Select(e => e.Counter!.Value).ToArray() : [];

    private static string SlotMethod(MacModel mac, BucketModel buckets) =>
        $"Layer{mac.Index}_{(ReferenceEquals(buckets, mac.TapBuckets) ? "TapSlot" : "Slot")}";

    /// <summary>
    /// A Bucketed layer's per-input steps, written once as methods instead of once per unrolled input: the slot of |a|
    /// (one per bucket table), and the band between a bucket's two counts that the quotient decides. An unrolled dense
    /// input is then its switch of kept products and one call, so the file grows by about a line per kept weight.
    /// </summary>
    private static void WriteBucketHelpers(SourceWriter w, InputStationaryKernel kernel, FormatTraits t)
    {
        var mac = kernel.Mac;
        if (mac.Implementation != KernelImplementation.Bucketed)
        {
            return;
        }

        foreach (var buckets in new[] { mac.Buckets, mac.TapBuckets }.OfType<BucketModel>())
        {
            w.Line();
            w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
            using (w.Block($"private static int {SlotMethod(mac, buckets)}({t.Activation} m)"))
            {
                w.Line($"var slot = global::UnIT.Kernels.ActivationBuckets.Id(m, {Int(buckets.Bits)}) - {Int(buckets.FirstId - 1)};");
                w.Line($"return slot < 0 ? 0 : slot > {Int(buckets.SlotCount - 1)} ? {Int(buckets.SlotCount - 1)} : slot;");
            }
        }

        if (mac.Unrolled && !mac.Buckets!.ComparisonFree)
        {
            w.Line();
            w.Line("/// <summary>The entries of list <paramref name=\"list\"/> between the bucket's two counts, kept while the quotient allows; returns the kept count.</summary>");
            var steps = string.Concat(StepCounters(mac, t).Select(c => $", ref long {CounterVariable(c)}"));
            using (w.Block($"private static int {BandMethod(mac)}(global::System.Span<{t.Accumulator}> acc, int b, {t.Activation} a, {t.Activation} m, int list, int slot, int low, ref long quotients, ref long compares{steps})"))
            {
                w.Line("var n = low;");
                WriteBand(w, mac, t, "list", "b", insideCheck: false, countInLoop: false);
                w.Line("return n;");
            }
        }
    }

    private static string BandMethod(MacModel mac) => $"Layer{mac.Index}_Band";

    /// <summary>
    /// Bucketed border pixel: the window's valid kernel rows and columns, then per valid tap that tap's kept count from
    /// its own table (and its band, with a quotient computed at most once per pixel). Every entry visited lands inside the
    /// map, so nothing is tested.
    /// </summary>
    private static void WriteTapWalk(SourceWriter w, MacModel mac, FormatTraits t, int c)
    {
        var l = $"L{mac.Index}";
        var g = mac.Geometry;
        var buckets = mac.TapBuckets!;
        WriteSlot(w, mac, t, buckets);
        w.Line($"var ky0 = iy + {Int(g.ScatterRowShift - g.OutHeight + 1)}; if (ky0 < 0) {{ ky0 = 0; }}");
        w.Line($"var ky1 = iy + {Int(g.ScatterRowShift)}; if (ky1 > {Int(g.KernelHeight - 1)}) {{ ky1 = {Int(g.KernelHeight - 1)}; }}");
        w.Line($"var kx0 = ix + {Int(g.ScatterColumnShift - g.OutWidth + 1)}; if (kx0 < 0) {{ kx0 = 0; }}");
        w.Line($"var kx1 = ix + {Int(g.ScatterColumnShift)}; if (kx1 > {Int(g.KernelWidth - 1)}) {{ kx1 = {Int(g.KernelWidth - 1)}; }}");
        w.Line("borders++;");
        if (!buckets.ComparisonFree)
        {
            w.Line($"{t.KeyType} t = default;");
            w.Line("var haveQuotient = false;");
        }

        using (w.Block("for (var ky = ky0; ky <= ky1; ky++)"))
        using (w.Block("for (var kx = kx0; kx <= kx1; kx++)"))
        {
            w.Line($"var list = {Int(FanOutLists.TapListIndex(g, c, 0, 0))} + (ky * {Int(g.KernelWidth)}) + kx;");
            w.Line($"var start = {l}_TapStart[list];");
            w.Line($"var low = (int){l}_TapLow[(list * {Int(buckets.SlotCount)}) + slot];");
            w.Line("taps++;");
            var add = $"acc[b + {l}_TapOffsets[start + n]] += a * {l}_TapWeights[start + n];";
            w.Line("var n = 0;");
            w.Line($"while (n < low) {{ {add} n++; }}");
            if (!buckets.ComparisonFree)
            {
                w.Line($"var high = (int){l}_TapHigh[(list * {Int(buckets.SlotCount)}) + slot];");
                using (w.Block("if (high > low)"))
                {
                    w.Line($"if (!haveQuotient) {{ t = {t.Quotient("m")}; {CountQuotient(mac, t)} haveQuotient = true; }}");
                    w.Line($"while (n < high && {l}_TapKeys[start + n] > t) {{ {add} n++; }}");
                    w.Line("compares += n < high ? n - low + 1 : n - low;");
                }
            }

            w.Line("kept += n;");
        }
    }

    /// <summary>Bucketed with a quotient that varies inside a bucket: decide the entries between the table's two counts.</summary>
    private static void WriteBand(SourceWriter w, MacModel mac, FormatTraits t, string list, string @base, bool insideCheck, bool countInLoop)
    {
        var l = $"L{mac.Index}";
        var g = mac.Geometry;
        var buckets = mac.Buckets!;
        w.Line($"var high = (int){l}_High[({list} * {Int(buckets.SlotCount)}) + slot];");
        using (w.Block("if (high > low)"))
        {
            w.Line($"var bandStart = {l}_ListStart[{list}];");
            w.Line(CountQuotient(mac, t));
            w.Line($"var t = {t.Quotient("m")};");
            var add = insideCheck
                ? $"if ((uint)(iy + {Int(g.ScatterRowShift)} - {l}_Rows[bandStart + n]) < {Int(g.OutHeight)}u && (uint)(ix + {Int(g.ScatterColumnShift)} - {l}_Columns[bandStart + n]) < {Int(g.OutWidth)}u) "
                  + $"{{ acc[{@base} + {l}_Offsets[bandStart + n]] += a * {l}_Weights[bandStart + n]; kept++; }}"
                : $"acc[{Target(@base, $"{l}_Offsets[bandStart + n]")}] += a * {l}_Weights[bandStart + n];{(countInLoop ? " kept++;" : string.Empty)}";
            w.Line($"while (n < high && {l}_Keys[bandStart + n] > t) {{ {add} n++; }}");
            w.Line("compares += n < high ? n - low + 1 : n - low;");
        }
    }
}
