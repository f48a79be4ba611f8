using UnIT.Generators.Describing;
using UnIT.Generators.Emitting;
using UnIT.Generators.Models;

namespace UnIT.Generators.EmittingC;

/// <summary>
/// Input-stationary kernels (Gather on dense layers, Sorted, Bucketed) in C: accumulators start at the bias, each
/// non-zero input walks its fan-out list in key order and adds kept products at <c>base + Offsets[n]</c>, then every
/// accumulator is requantised. Interior pixels walk without tests; border pixels test each entry's window (Sorted) or
/// walk their valid taps' own lists (Bucketed), counting what the C# ledger counts.
/// </summary>
internal static partial class CEmitter
{
    private static void WriteInputStationary(SourceWriter w, InputStationaryKernel kernel, CArenaSlot slot, string net)
    {
        var mac = kernel.Mac;
        var g = mac.Geometry;
        string T(string name) => TableName(net, kernel, name);
        Open(w, kernel, net, $"{(mac.IsDense ? "dense" : "convolution")} {g.InChannels}->{g.OutChannels}, kernel {mac.Implementation}.");
        using (w.Block(string.Empty))
        {
            WriteCounters(w, kernel);
            // The accumulators' place in the arena, relative to y (CArena): the output overlays them.
            var below = slot.Output - slot.Accumulators!.Value;
            var accumulators = below == 0 ? "(unit_accumulator *)y" : $"(unit_accumulator *)(y - {CTypes.Int(below)})";
            w.Line($"unit_accumulator *acc = {accumulators};");
            using (w.Block($"for (int o = 0; o < {CTypes.Int(g.OutChannels)}; o++)"))
            {
                w.Line($"int32_t bias = {T("Bias")}[o];");
                w.Line("UNIT_NO_UNROLL");
                w.Line($"for (int i = 0; i < {CTypes.Int(g.OutputPositions)}; i++) {{ *acc++ = bias; }}");
            }

            w.Line($"acc = {accumulators};");
            if (mac.IsDense)
            {
                var advance = WriteBucketRows(w, kernel, net);
                using (w.Block($"for (int j = 0; j < {CTypes.Int(g.InChannels)}; j++{advance})"))
                {
                    WriteInputHeader(w, "x[j]");
                    WriteListWalk(w, kernel, net, "j", "0", insideCheck: false);
                }
            }
            else
            {
                WriteConvolutionInputs(w, kernel, net);
            }

            // Rolled like every per-element loop: clang would unroll a short one with the requantisation inlined, and code
            // size would then vary by shape (flash is the scarce resource; the cost model prices the rolled loop).
            // Requantised into the output that overlays them, away from the arena's end it sits at, so that no output
            // overwrites an accumulator still to be read (CArena).
            w.Line("UNIT_NO_UNROLL");
            var store = $"{{ UNIT_TALLY(negative, acc[i] < 0); y[i] = unit_requantize(acc[i], {CTypes.Int(mac.RequantizeShift)}); }}";
            w.Line(slot.AtTop
                ? $"for (int i = {CTypes.Int(g.OutputCount - 1)}; i >= 0; i--) {store}"
                : $"for (int i = 0; i < {CTypes.Int(g.OutputCount)}; i++) {store}");
            WriteEvents(w, kernel, net);
        }
    }

    /// <summary>Row pointers into the bucket-count tables, one list (row of slots) per input; returns the loop's advance.</summary>
    private static string WriteBucketRows(SourceWriter w, InputStationaryKernel kernel, string net)
    {
        if (kernel.Mac.Buckets is not { } buckets)
        {
            return string.Empty;
        }

        w.Line($"const {LowType(kernel, "Low")} *low_row = {TableName(net, kernel, "Low")};");
        var advance = $", low_row += {CTypes.Int(kernel.SlotCount)}";
        if (!buckets.ComparisonFree)
        {
            w.Line($"const {LowType(kernel, "High")} *high_row = {TableName(net, kernel, "High")};");
            advance += $", high_row += {CTypes.Int(kernel.SlotCount)}";
        }

        return advance;
    }

    private static string LowType(InputStationaryKernel kernel, string table) =>
        CTypes.Narrowest(kernel.Table(table).Values.Select(v => (long)v));

    /// <summary>Loads the input, skips zeros, counts it active and takes its magnitude.</summary>
    private static void WriteInputHeader(SourceWriter w, string load)
    {
        w.Line($"int16_t a = {load};");
        w.Line("if (a == 0) { continue; }");
        w.Line("UNIT_TALLY(active, 1);");
        w.Line("uint16_t m = (uint16_t)(a < 0 ? -a : a);");
    }

    private static void WriteConvolutionInputs(SourceWriter w, InputStationaryKernel kernel, string net)
    {
        var mac = kernel.Mac;
        var g = mac.Geometry;
        var (iy0, iy1, ix0, ix1) = kernel.PixelInterior;
        var interior = kernel.HasPixelInterior ? $"iy >= {CTypes.Int(iy0)} && iy < {CTypes.Int(iy1)} && ix >= {CTypes.Int(ix0)} && ix < {CTypes.Int(ix1)}" : "0";
        w.Line("const int16_t *pixel = x;");
        var advance = WriteBucketRows(w, kernel, net);
        if (kernel.WalksTapLists)
        {
            w.Line("int tap_base = 0;");
            advance += $", tap_base += {CTypes.Int(g.KernelHeight * g.KernelWidth)}";
        }

        using (w.Block($"for (int c = 0; c < {CTypes.Int(g.InChannels)}; c++{advance})"))
        {
            w.Line($"int row_base = {CTypes.Int(g.ScatterBase(0, 0))};");
            using (w.Block($"for (int iy = 0; iy < {CTypes.Int(g.InHeight)}; iy++, row_base += {CTypes.Int(g.OutWidth)})"))
            using (w.Block($"for (int ix = 0; ix < {CTypes.Int(g.InWidth)}; ix++, pixel++)"))
            {
                WriteInputHeader(w, "*pixel");
                w.Line("int b = row_base + ix;");
                using (w.Block($"if ({interior})"))
                {
                    WriteListWalk(w, kernel, net, "c", "b", insideCheck: false);
                    w.Line("continue;");
                }

                using (w.Block(string.Empty))
                {
                    if (kernel.WalksTapLists)
                    {
                        WriteTapWalk(w, kernel, net);
                    }
                    else
                    {
                        WriteListWalk(w, kernel, net, "c", "b", insideCheck: true);
                        w.Line("UNIT_TALLY(tests, n);");
                    }
                }
            }
        }
    }

    /// <summary>
    /// Walks list <paramref name="list"/> from its table start. Gather compares every entry; Sorted stops at the first
    /// key not above the quotient; Bucketed takes the table's count, then decides the band between its two counts.
    /// </summary>
    private static void WriteListWalk(SourceWriter w, InputStationaryKernel kernel, string net, string list, string @base, bool insideCheck)
    {
        var mac = kernel.Mac;
        var g = mac.Geometry;
        string T(string name) => TableName(net, kernel, name);
        var target = @base == "0" ? $"{T("Offsets")}[start + n]" : $"{@base} + {T("Offsets")}[start + n]";
        // A Sorted border pixel's products are their own event (FixedEvents.BorderProduct): the border walk compiles them
        // apart; its column tests are counted apart from the row tests too (the same code as the two tests joined by &&).
        var sortedBorder = insideCheck && mac.Implementation == KernelImplementation.Sorted;
        var add = $"acc[{target}] += unit_multiply(a, {T("Weights")}[start + n]); UNIT_TALLY({(sortedBorder ? "borderkept" : "kept")}, 1);";
        if (sortedBorder)
        {
            add = $"if ((unsigned)(iy + {CTypes.Int(g.ScatterRowShift)} - {T("Rows")}[start + n]) < {CTypes.Int(g.OutHeight)}u) {{ UNIT_TALLY(columntests, 1); "
                + $"if ((unsigned)(ix + {CTypes.Int(g.ScatterColumnShift)} - {T("Columns")}[start + n]) < {CTypes.Int(g.OutWidth)}u) {{ {add} }} }}";
        }
        else if (insideCheck)
        {
            add = $"if ((unsigned)(iy + {CTypes.Int(g.ScatterRowShift)} - {T("Rows")}[start + n]) < {CTypes.Int(g.OutHeight)}u && "
                + $"(unsigned)(ix + {CTypes.Int(g.ScatterColumnShift)} - {T("Columns")}[start + n]) < {CTypes.Int(g.OutWidth)}u) {{ {add} }}";
        }

        w.Line($"int start = {T("ListStart")}[{list}];");
        switch (mac.Implementation)
        {
            case KernelImplementation.Gather:
                w.Line($"int length = {T("ListStart")}[{list} + 1] - start;");
                w.Line(KeyQuotient(kernel, "Keys", $"{T("quotient")}(m)"));
                w.Line(TallyQuotient(kernel));
                w.Line("UNIT_TALLY(compares, length);");
                w.Line($"for (int n = 0; n < length; n++) {{ if ({T("Keys")}[start + n] > t) {{ {add} }} }}");
                break;

            case KernelImplementation.Sorted:
                w.Line($"int length = {T("ListStart")}[{list} + 1] - start;");
                w.Line(KeyQuotient(kernel, "Keys", $"{T("quotient")}(m)"));
                w.Line(TallyQuotient(kernel));
                w.Line("int n = 0;");
                w.Line($"while (n < length && {T("Keys")}[start + n] > t) {{ {add} n++; }}");
                w.Line("UNIT_TALLY(compares, n < length ? n + 1 : n);");
                break;

            default:
                w.Line($"int slot = {T("slot")}(m);{TallySlot(mac.Buckets!)}");
                w.Line("int low = low_row[slot];");
                w.Line("int n = 0;");
                w.Line($"while (n < low) {{ {add} n++; }}");
                if (!mac.Buckets!.ComparisonFree)
                {
                    w.Line("int high = high_row[slot];");
                    using (w.Block("if (high > low)"))
                    {
                        w.Line(TallyQuotient(kernel));
                        w.Line(KeyQuotient(kernel, "Keys", $"{T("quotient")}(m)"));
                        w.Line($"while (n < high && {T("Keys")}[start + n] > t) {{ {add} n++; }}");
                        w.Line("UNIT_TALLY(compares, n < high ? n - low + 1 : n - low);");
                    }
                }

                break;
        }
    }

    /// <summary>
    /// Bucketed border pixel: the window's valid kernel rows and columns, then per valid tap that tap's kept count from
    /// its own table (and its band, with the quotient computed at most once per pixel). Every entry lands inside the map.
    /// </summary>
    private static void WriteTapWalk(SourceWriter w, InputStationaryKernel kernel, string net)
    {
        var mac = kernel.Mac;
        var g = mac.Geometry;
        var buckets = mac.TapBuckets!;
        string T(string name) => TableName(net, kernel, name);
        w.Line($"int slot = {T("tap_slot")}(m);{TallySlot(buckets)}");
        w.Line($"int ky0 = iy + {CTypes.Int(g.ScatterRowShift - g.OutHeight + 1)}; if (ky0 < 0) {{ ky0 = 0; }}");
        w.Line($"int ky1 = iy + {CTypes.Int(g.ScatterRowShift)}; if (ky1 > {CTypes.Int(g.KernelHeight - 1)}) {{ ky1 = {CTypes.Int(g.KernelHeight - 1)}; }}");
        w.Line($"int kx0 = ix + {CTypes.Int(g.ScatterColumnShift - g.OutWidth + 1)}; if (kx0 < 0) {{ kx0 = 0; }}");
        w.Line($"int kx1 = ix + {CTypes.Int(g.ScatterColumnShift)}; if (kx1 > {CTypes.Int(g.KernelWidth - 1)}) {{ kx1 = {CTypes.Int(g.KernelWidth - 1)}; }}");
        w.Line("UNIT_TALLY(borders, 1);");
        if (!buckets.ComparisonFree)
        {
            w.Line($"{KeyType(kernel, "TapKeys")} t = 0;");
            w.Line("int have_quotient = 0;");
        }

        // The channel's first tap list (FanOutLists.TapListIndex), then one kernel row of lists per ky.
        w.Line("int list_row = tap_base;");
        using (w.Block($"for (int ky = 0; ky <= ky1; ky++, list_row += {CTypes.Int(g.KernelWidth)})"))
        {
            w.Line("if (ky < ky0) { continue; }");
            using (w.Block("for (int kx = kx0; kx <= kx1; kx++)"))
            {
                w.Line("int list = list_row + kx;");
                w.Line($"int start = {T("TapStart")}[list];");
                w.Line($"int cell = unit_index(list, {CTypes.Int(buckets.SlotCount)}) + slot;");
                w.Line($"int low = {T("TapLow")}[cell];");
                w.Line("UNIT_TALLY(taps, 1);");
                var add = $"acc[b + {T("TapOffsets")}[start + n]] += unit_multiply(a, {T("TapWeights")}[start + n]);";
                w.Line("int n = 0;");
                w.Line($"while (n < low) {{ {add} n++; }}");
                if (!buckets.ComparisonFree)
                {
                    w.Line($"int high = {T("TapHigh")}[cell];");
                    using (w.Block("if (high > low)"))
                    {
                        w.Line($"if (!have_quotient) {{ {KeyQuotient(kernel, "TapKeys", $"{T("quotient")}(m)", declare: false)} {TallyQuotient(kernel)} have_quotient = 1; }}");
                        w.Line($"while (n < high && {T("TapKeys")}[start + n] > t) {{ {add} n++; }}");
                        w.Line("UNIT_TALLY(compares, n < high ? n - low + 1 : n - low);");
                    }
                }

                w.Line("UNIT_TALLY(kept, n);");
            }
        }
    }

    /// <summary>
    /// A quotient of magnitude <c>m</c> counted, with its shifts' one-bit steps (UnIT.Costs.ShiftSteps.Quotient, spelled
    /// in C from e = floor(log2 m); the C export tests compare the counts with the C# ledger's).
    /// </summary>
    private static string TallyQuotient(InputStationaryKernel kernel)
    {
        var steps = kernel.Mac.Division switch
        {
            DivisionApproximation.Pow2 => [(EventCounter.RightSteps, "e >= 8u ? e - 8u : e")],
            DivisionApproximation.ReciprocalLut => [(EventCounter.LeftSteps, "15u - e"), (EventCounter.WideSteps, "e")],
            DivisionApproximation.FloatBits => [(EventCounter.LeftSteps, "e"), (EventCounter.WideSteps, "2u * e + 1u >= 16u ? 2u * e - 15u : 2u * e + 1u")],
            _ => Array.Empty<(EventCounter, string)>(),
        };
        var tallies = steps.Select(s => $"UNIT_TALLY({CounterName(s.Item1)}, {s.Item2});").ToArray();
        return tallies.Length == 0 ? "UNIT_TALLY(quotients, 1);" : $"UNIT_TALLY(quotients, 1); UNIT_COUNTING({{ uint8_t e = unit_count_log2(m); {string.Join(" ", tallies)} }})";
    }

    /// <summary>Whether the kernel tallies shift steps: a quotient that shifts, or a fine bucket slot (<see cref="TallyQuotient"/>, <see cref="TallySlot"/>).</summary>
    private static bool TalliesShiftSteps(InputStationaryKernel kernel) =>
        (kernel.NeedsQuotient && kernel.Mac.Division != DivisionApproximation.Exact) || kernel.Mac.Buckets is { Bits: > 0 } || kernel.Mac.TapBuckets is { Bits: > 0 };

    /// <summary>A fine bucket slot's mantissa alignment, m &lt;&lt; (15 - e), counted in one-bit steps (ShiftSteps.Slot).</summary>
    private static string TallySlot(BucketModel buckets) =>
        buckets.Bits == 0 ? string.Empty : $" UNIT_TALLY({CounterName(EventCounter.LeftSteps)}, 15u - unit_count_log2(m));";

    /// <summary>The C type of a key table, as <see cref="WriteTables"/> writes it.</summary>
    private static string KeyType(InputStationaryKernel kernel, string table) =>
        CTypes.Narrowest(kernel.Table(table).Values.Select(v => (long)kernel.Mac.QuantizedKeys[v]));

    /// <summary>
    /// <c>t</c>, the quotient in the key table's own type, so every key test is one 16-bit compare (an int32 t makes clang
    /// widen each key: about 20 instructions instead of 3; docs/cost-model.md). Quotients are non-negative, so one above
    /// the type's largest value is clamped to it: no key is above either.
    /// </summary>
    private static string KeyQuotient(InputStationaryKernel kernel, string table, string quotient, bool declare = true)
    {
        var type = KeyType(kernel, table);
        var largest = type switch
        {
            "uint8_t" => "255",
            "int16_t" => "32767",
            "uint16_t" => "65535",
            _ => null,
        };
        if (largest is null)
        {
            return declare ? $"int32_t t = {quotient};" : $"t = {quotient};";
        }

        var clamped = $"q > {largest} ? {largest} : ({type})q";
        return declare ? $"int32_t q = {quotient}; {type} t = {clamped};" : $"{{ int32_t q = {quotient}; t = {clamped}; }}";
    }
}
