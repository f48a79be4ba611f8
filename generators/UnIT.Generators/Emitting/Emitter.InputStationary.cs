using UnIT.Generators.Describing;
using UnIT.Generators.Models;

namespace UnIT.Generators.Emitting;

/// <summary>
/// Input-stationary kernels (Gather on dense layers, Sorted, Bucketed): each non-zero input computes one quotient (or
/// one bucket lookup) and walks its fan-out list, ordered by UnIT key at build time, scattering kept products into
/// accumulators that start at the bias. Inputs are visited in ascending index, so each output receives its products in
/// the canonical order. Interior pixels of a convolution (and every input of a dense layer) run unrolled chains with
/// the keys, weights and output offsets as literals; border pixels, whose fan-out partly leaves the output map, run a
/// table-driven loop that tests each kept entry against the pixel's window and skips the products landing outside.
/// </summary>
internal static partial class Emitter
{
    private static void WriteInputStationary(SourceWriter w, InputStationaryKernel kernel, FormatTraits t)
    {
        var mac = kernel.Mac;
        var g = mac.Geometry;
        using (w.Block(Signature(mac.Index, t.Element)))
        {
            w.Line($"var e = default({Counts});");
            if (t.IsQ15)
            {
                w.Line("var store = s_accumulators;");
                w.Line($"if (store is null || store.Length < {Int(g.OutputCount)}) {{ s_accumulators = store = new long[{Int(g.OutputCount)}]; }}");
                w.Line($"var acc = global::System.MemoryExtensions.AsSpan(store, 0, {Int(g.OutputCount)});");
            }
            else
            {
                w.Line("var acc = y;");
            }

            w.Line($"for (var o = 0; o < {Int(g.OutChannels)}; o++) {{ acc.Slice(o * {Int(g.OutputPositions)}, {Int(g.OutputPositions)}).Fill(L{mac.Index}_Bias[o]); }}");

            foreach (var call in ListMethodNames(mac))
            {
                w.Line($"{call}(x, acc, ref e);");
            }

            if (t.IsQ15)
            {
                w.Line("long negative = 0;");
                w.Line($"for (var i = 0; i < {Int(g.OutputCount)}; i++) {{ {t.Store("y[i]", "acc[i]")} }}");
            }

            using (w.Block("if (ledger is not null)"))
            {
                // The list methods added their counters to e; the fixed events and the stores' count are added here.
                w.Line(string.Join(" ", kernel.Events.Where(e => !IsListCounted(e)).Select(EventStatement)));
                w.Line($"ledger.Layer({mac.Index}).Add(e);");
            }
        }

        if (mac.IsDense)
        {
            foreach (var (name, inputs) in DenseChunks(mac))
            {
                w.Line();
                WriteDenseInputs(w, kernel, t, name, inputs);
            }
        }
        else
        {
            for (var c = 0; c < g.InChannels; c++)
            {
                w.Line();
                WriteConvolutionList(w, kernel, t, c);
            }
        }

        WriteBucketHelpers(w, kernel, t);
        w.Line();
        WriteTables(w, kernel, t);
    }

    private static IEnumerable<string> ListMethodNames(MacModel mac) =>
        mac.IsDense
            ? DenseChunks(mac).Select(c => c.Name)
            : Enumerable.Range(0, mac.Geometry.InChannels).Select(c => $"Layer{mac.Index}_List{c}");

    /// <summary>Dense-layer inputs grouped so no method exceeds the statement budget.</summary>
    private static List<(string Name, int[] Inputs)> DenseChunks(MacModel mac)
    {
        var chunks = new List<(string, int[])>();
        if (!mac.Unrolled)
        {
            chunks.Add(($"Layer{mac.Index}_Inputs0", Enumerable.Range(0, mac.Geometry.InChannels).ToArray()));
            return chunks;
        }

        // A method takes inputs until their estimated instructions or basic blocks reach the budget.
        var current = new List<int>();
        var used = default(MethodBudget.Cost);
        for (var j = 0; j < mac.Lists.Count; j++)
        {
            var cost = MethodBudget.InputOverhead + (mac.Lists[j].Count * MethodBudget.ListEntry(mac.Implementation));
            if (current.Count > 0 && !(used + cost).Fits)
            {
                chunks.Add(($"Layer{mac.Index}_Inputs{chunks.Count}", current.ToArray()));
                current.Clear();
                used = default;
            }

            current.Add(j);
            used += cost;
        }

        chunks.Add(($"Layer{mac.Index}_Inputs{chunks.Count}", current.ToArray()));
        return chunks;
    }

    /// <summary>A run-time count the list methods keep; the requantisation's negative sums are counted where the outputs are stored.</summary>
    private static bool IsListCounted(KernelEvent e) => e.Counter is { } counter && counter != EventCounter.Negative;

    /// <summary>The run-time counters the list methods keep (a Sorted or dense kernel has no border setups to count).</summary>
    private static void WriteCounterDeclarations(SourceWriter w, LayerKernel kernel) =>
        w.Line("long " + string.Join(", ", kernel.Events.Where(IsListCounted).Select(e => CounterVariable(e.Counter!.Value) + " = 0").Distinct()) + ";");

    private static void WriteCounterFlush(SourceWriter w, LayerKernel kernel)
    {
        foreach (var e in kernel.Events.Where(IsListCounted))
        {
            w.Line(EventStatement(e));
        }
    }

    private static void WriteDenseInputs(SourceWriter w, InputStationaryKernel kernel, FormatTraits t, string name, int[] inputs)
    {
        var mac = kernel.Mac;
        using (w.Block($"private static void {name}(global::System.ReadOnlySpan<{t.Element}> x, global::System.Span<{t.Accumulator}> acc, ref {Counts} e)"))
        {
            w.Line($"ref {t.Accumulator} ar = ref {Marshal}.GetReference(acc);");
            WriteCounterDeclarations(w, kernel);
            if (!mac.Unrolled)
            {
                using (w.Block($"for (var j = 0; j < {Int(inputs.Length)}; j++)"))
                {
                    w.Line($"{t.Activation} a = x[j];");
                    w.Line("if (a == 0) { continue; }");
                    w.Line("active++;");
                    w.Line($"var m = {t.Magnitude("a")};");
                    WriteTableWalk(w, mac, t, "j", "0", insideCheck: false);
                }
            }
            else
            {
                foreach (var j in inputs)
                {
                    using (w.Block(string.Empty))
                    {
                        w.Line($"{t.Activation} a = x[{Int(j)}];");
                        using (w.Block("if (a != 0)"))
                        {
                            w.Line("active++;");
                            w.Line($"var m = {t.Magnitude("a")};");
                            WriteUnrolledWalk(w, kernel, t, j, "0", $"done{j}");
                        }
                    }
                }
            }

            WriteCounterFlush(w, kernel);
        }
    }

    private static void WriteConvolutionList(SourceWriter w, InputStationaryKernel kernel, FormatTraits t, int c)
    {
        var mac = kernel.Mac;
        var g = mac.Geometry;
        var (iy0, iy1, ix0, ix1) = kernel.PixelInterior;
        var hasInterior = mac.Unrolled && kernel.HasPixelInterior;
        var interior = $"iy >= {Int(iy0)} && iy < {Int(iy1)} && ix >= {Int(ix0)} && ix < {Int(ix1)}";
        using (w.Block($"private static void Layer{mac.Index}_List{c}(global::System.ReadOnlySpan<{t.Element}> x, global::System.Span<{t.Accumulator}> acc, ref {Counts} e)"))
        {
            w.Line($"ref {t.Accumulator} ar = ref {Marshal}.GetReference(acc);");
            WriteCounterDeclarations(w, kernel);
            w.Line($"var plane = x.Slice({Int(c * g.InHeight * g.InWidth)}, {Int(g.InHeight * g.InWidth)});");
            using (w.Block($"for (var iy = 0; iy < {Int(g.InHeight)}; iy++)"))
            using (w.Block($"for (var ix = 0; ix < {Int(g.InWidth)}; ix++)"))
            {
                w.Line($"{t.Activation} a = plane[(iy * {Int(g.InWidth)}) + ix];");
                w.Line("if (a == 0) { continue; }");
                w.Line("active++;");
                w.Line($"var m = {t.Magnitude("a")};");
                w.Line($"var b = ((iy + {Int(g.ScatterRowShift)}) * {Int(g.OutWidth)}) + ix + {Int(g.ScatterColumnShift)};");
                if (mac.TapBuckets is not null)
                {
                    // Bucketed: interior pixels walk the channel's list; border pixels walk only their valid taps.
                    using (w.Block($"if ({interior})"))
                    {
                        if (hasInterior)
                        {
                            WriteUnrolledWalk(w, kernel, t, c, "b", "done");
                        }
                        else
                        {
                            WriteTableWalk(w, mac, t, Int(c), "b", insideCheck: false);
                        }

                        w.Line("continue;");
                    }

                    using (w.Block(string.Empty))
                    {
                        WriteTapWalk(w, mac, t, c);
                    }
                }
                else
                {
                    if (hasInterior)
                    {
                        using (w.Block($"if ({interior})"))
                        {
                            WriteUnrolledWalk(w, kernel, t, c, "b", "done");
                            w.Line("continue;");
                        }
                    }

                    using (w.Block(string.Empty))
                    {
                        WriteTableWalk(w, mac, t, Int(c), "b", insideCheck: true, interior);
                    }
                }
            }

            WriteCounterFlush(w, kernel);
        }
    }

    /// <summary>
    /// Fully unrolled walk of list <paramref name="list"/> with literals (every entry lands inside the map).
    /// Sorted: compare until the first key not above the quotient. Gather (dense): compare every entry.
    /// Bucketed: jump into a fall-through switch that runs exactly the table's count, then resolve the band.
    /// </summary>
    private static void WriteUnrolledWalk(SourceWriter w, InputStationaryKernel kernel, FormatTraits t, int list, string @base, string label)
    {
        var mac = kernel.Mac;
        var entries = mac.Lists[list];
        var length = entries.Count;
        string Add(int weightIndex) => $"{Unsafe}.Add(ref ar, {Plus(@base, mac.Geometry.ScatterOffset(weightIndex))}) += a * {t.Weight(weightIndex)};";
        switch (mac.Implementation)
        {
            case KernelImplementation.Gather:
                w.Line($"var t = {t.Quotient("m")};");
                w.Line(CountQuotient(mac, t));
                w.Line($"compares += {Int(length)};");
                foreach (var wi in entries)
                {
                    w.Line($"if ({t.Key(wi)} > t) {{ {Add(wi)} kept++; }}");
                }

                break;

            case KernelImplementation.Sorted:
                w.Line($"var t = {t.Quotient("m")};");
                w.Line(CountQuotient(mac, t));
                w.Line("var n = 0;");
                foreach (var wi in entries)
                {
                    w.Line($"if (!({t.Key(wi)} > t)) {{ goto {label}; }} {Add(wi)} n++;");
                }

                w.Line($"{label}:");
                w.Line("kept += n;");
                w.Line($"compares += n < {Int(length)} ? n + 1 : n;");
                break;

            default:
                var buckets = mac.Buckets!;
                WriteSlot(w, mac, t, buckets);
                w.Line($"var low = (int)L{mac.Index}_Low[{Plus("slot", list * buckets.SlotCount)}];");
                if (length > 0)
                {
                    using (w.Block("switch (low)"))
                    {
                        for (var k = length; k >= 1; k--)
                        {
                            w.Line($"case {Int(k)}: {Add(entries[k - 1])} {(k > 1 ? $"goto case {Int(k - 1)};" : "break;")}");
                        }
                    }
                }

                w.Line(buckets.ComparisonFree
                    ? "kept += low;"
                    : $"kept += {BandMethod(mac)}(acc, {@base}, a, m, {Int(list)}, slot, low, ref quotients, ref compares{string.Concat(StepCounters(mac, t).Select(c => $", ref {CounterVariable(c)}"))});");
                break;
        }
    }

    /// <summary>
    /// Table-driven walk of a list (border pixels, or every input of a layer too large to unroll). With
    /// <paramref name="insideCheck"/> (border pixels of a convolution), every kept entry is tested against the pixel's
    /// window and only those landing inside the map are multiplied.
    /// </summary>
    private static void WriteTableWalk(SourceWriter w, MacModel mac, FormatTraits t, string list, string @base, bool insideCheck, string? interiorCondition = null)
    {
        var l = $"L{mac.Index}";
        var g = mac.Geometry;
        w.Line($"var start = {l}_ListStart[{list}];");
        w.Line($"var length = {l}_ListStart[{list} + 1] - start;");

        // A Sorted border pixel's products are their own event (FixedEvents.BorderProduct): they are counted in hits,
        // which go to kept on an interior pixel and to borderkept on a border one.
        var borderProducts = insideCheck && mac.Implementation == KernelImplementation.Sorted;
        if (borderProducts)
        {
            w.Line("var hits = 0;");
            w.Line("var rowsInside = 0;");
        }

        var add = borderProducts
            ? $"if ((uint)(iy + {Int(g.ScatterRowShift)} - {l}_Rows[start + n]) < {Int(g.OutHeight)}u) {{ rowsInside++; "
              + $"if ((uint)(ix + {Int(g.ScatterColumnShift)} - {l}_Columns[start + n]) < {Int(g.OutWidth)}u) "
              + $"{{ acc[{@base} + {l}_Offsets[start + n]] += a * {l}_Weights[start + n]; hits++; }} }}"
            : insideCheck
            ? $"if ((uint)(iy + {Int(g.ScatterRowShift)} - {l}_Rows[start + n]) < {Int(g.OutHeight)}u && (uint)(ix + {Int(g.ScatterColumnShift)} - {l}_Columns[start + n]) < {Int(g.OutWidth)}u) "
              + $"{{ acc[{@base} + {l}_Offsets[start + n]] += a * {l}_Weights[start + n]; kept++; }}"
            : $"acc[{Target(@base, $"{l}_Offsets[start + n]")}] += a * {l}_Weights[start + n]; kept++;";
        switch (mac.Implementation)
        {
            case KernelImplementation.Gather:
                w.Line($"var t = {t.Quotient("m")};");
                w.Line(CountQuotient(mac, t));
                w.Line("compares += length;");
                w.Line($"for (var n = 0; n < length; n++) {{ if ({l}_Keys[start + n] > t) {{ {add} }} }}");
                break;

            case KernelImplementation.Sorted:
                w.Line($"var t = {t.Quotient("m")};");
                w.Line(CountQuotient(mac, t));
                w.Line("var n = 0;");
                w.Line($"while (n < length && {l}_Keys[start + n] > t) {{ {add} n++; }}");
                w.Line("compares += n < length ? n + 1 : n;");
                break;

            default:
                var buckets = mac.Buckets!;
                WriteSlot(w, mac, t, buckets);
                w.Line($"var low = (int){l}_Low[({list} * {Int(buckets.SlotCount)}) + slot];");
                w.Line("var n = 0;");
                w.Line($"while (n < low) {{ {add} n++; }}");
                if (!buckets.ComparisonFree)
                {
                    WriteBand(w, mac, t, list, @base, insideCheck, countInLoop: true);
                }

                break;
        }

        if (insideCheck)
        {
            // What the MCU spends on a border pixel: one window test per kept entry.
            w.Line(borderProducts
                ? $"if (!({interiorCondition})) {{ tests += n; columntests += rowsInside; borderkept += hits; }} else {{ kept += hits; }}"
                : $"if (!({interiorCondition})) {{ tests += n; }}");
        }
    }

    /// <summary><c>base + offset</c>, or just the offset for dense layers (whose base is 0).</summary>
    private static string Target(string @base, string offset) => @base == "0" ? offset : $"{@base} + {offset}";
}
