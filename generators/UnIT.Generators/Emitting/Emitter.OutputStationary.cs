using UnIT.Generators.Models;
using UnIT.Kernels;

namespace UnIT.Generators.Emitting;

/// <summary>
/// Output-stationary kernels (Dense, and Gather on convolutions): each output sums its taps in canonical
/// (c, ky, kx) order. Interior positions run fully unrolled code with the weights (and, for Gather, the per-weight
/// activation thresholds τ) as literals; border positions of padded convolutions run a table-driven loop with bounds
/// checks over the same taps in the same order.
/// </summary>
internal static partial class Emitter
{
    private static void WriteMac(SourceWriter w, NetworkModel model, MacModel mac)
    {
        var traits = new FormatTraits(mac, model.Format);
        var g = mac.Geometry;
        w.Comment($"Layer {mac.Index} ({mac.Row.Label}): {(mac.IsDense ? "dense" : "convolution")} {g.InChannels}->{g.OutChannels}, "
            + $"kernel {mac.Implementation}{(mac.Unrolled ? string.Empty : " (table-driven: the layer has more weights than UnitMaxUnrolledWeights)")}.");
        if (mac.IsInputStationary)
        {
            WriteInputStationary(w, mac, traits);
        }
        else
        {
            WriteOutputStationary(w, mac, traits);
        }
    }

    private static void WriteOutputStationary(SourceWriter w, MacModel mac, FormatTraits t)
    {
        var g = mac.Geometry;
        var gather = mac.Implementation == KernelImplementation.Gather;
        var (y0, y1) = CandidateProducts.InteriorRange(g.OutHeight, g.InHeight, g.KernelHeight, g.StrideHeight, g.PaddingHeight, g.DilationHeight);
        var (x0, x1) = CandidateProducts.InteriorRange(g.OutWidth, g.InWidth, g.KernelWidth, g.StrideWidth, g.PaddingWidth, g.DilationWidth);
        var fullInterior = y0 == 0 && y1 == g.OutHeight && x0 == 0 && x1 == g.OutWidth;
        var taps = Taps(mac, t);
        var needsTables = !mac.Unrolled || !fullInterior;

        // Eight neighbouring outputs read eight neighbouring inputs when the horizontal stride is 1: one vector does
        // the work of eight scalar taps, each lane with the very same operations in the same order.
        var vectorize = mac.Unrolled && g.StrideWidth == 1 && x1 - x0 >= VectorLanes;

        using (w.Block(Signature(mac.Index, t.Element)))
        {
            w.Line("long kept = 0;");
            for (var o = 0; o < g.OutChannels; o++)
            {
                w.Line($"Layer{mac.Index}_Channel{o}(x, y, ref kept);");
            }

            using (w.Block("if (ledger is not null)"))
            {
                w.Line($"ref var e = ref ledger.Layer({mac.Index});");
                w.Line($"e.OutputSetup += {Literals.Long(g.OutputCount)};");
                if (gather)
                {
                    w.Line($"e.{(mac.InputNonNegative ? "GatherCompare" : "GatherCompareSigned")} += {Literals.Long(mac.Candidates)};");
                    w.Line("e.Mac += kept;");
                }
                else
                {
                    w.Line($"e.Mac += {Literals.Long(mac.Candidates)};");
                }
            }
        }

        for (var o = 0; o < g.OutChannels; o++)
        {
            w.Line();
            var channelTaps = taps.Where(tap => tap.Channel == o).ToArray();
            var scalarParts = mac.Unrolled ? Chunk(channelTaps, MethodBudget.Capacity(MethodBudget.Tap(gather, t.IsQ15))) : [];
            var vectorParts = vectorize ? Chunk(channelTaps, MethodBudget.Capacity(MethodBudget.VectorTap(gather, t.IsQ15))) : [];
            using (w.Block($"private static void Layer{mac.Index}_Channel{o}(global::System.ReadOnlySpan<{t.Element}> x, global::System.Span<{t.Element}> y, ref long kept)"))
            {
                w.Line($"ref {t.Element} xr = ref {Marshal}.GetReference(x);");
                w.Line("long k = 0;");
                if (mac.Unrolled && y1 > y0 && x1 > x0)
                {
                    using (w.Block($"for (var oy = {Int(y0)}; oy < {Int(y1)}; oy++)"))
                    {
                        w.Line($"var ox = {Int(x0)};");
                        if (vectorize)
                        {
                            WriteVectorPositions(w, mac, t, o, x1, vectorParts.Count);
                        }

                        using (w.Block($"for (; ox < {Int(x1)}; ox++)"))
                        {
                            w.Line($"var p = (oy * {Int(g.StrideHeight * g.InWidth)}) + (ox * {Int(g.StrideWidth)}) - {Int((g.PaddingHeight * g.InWidth) + g.PaddingWidth)};");
                            w.Line($"{t.Accumulator} s = {t.Bias(o)};");
                            for (var part = 0; part < scalarParts.Count; part++)
                            {
                                w.Line($"s = Layer{mac.Index}_Channel{o}_Part{part}(ref xr, p, s, ref k);");
                            }

                            w.Line(t.Store($"y[{Int(o * g.OutputPositions)} + (oy * {Int(g.OutWidth)}) + ox]", "s"));
                        }
                    }
                }

                if (needsTables)
                {
                    WriteTableDrivenPositions(w, mac, t, o, gather, mac.Unrolled ? (y0, y1, x0, x1) : (0, 0, 0, 0));
                }

                w.Line("kept += k;");
            }

            for (var part = 0; part < scalarParts.Count; part++)
            {
                w.Line();
                using (w.Block($"private static {t.Accumulator} Layer{mac.Index}_Channel{o}_Part{part}(ref {t.Element} xr, int p, {t.Accumulator} s, ref long k)"))
                {
                    foreach (var tap in scalarParts[part])
                    {
                        w.Line(TapStatement(tap, mac, t, gather));
                    }

                    w.Line("return s;");
                }
            }

            for (var part = 0; part < vectorParts.Count; part++)
            {
                w.Line();
                WriteVectorPart(w, mac, t, o, part, vectorParts[part], gather);
            }
        }

        if (needsTables)
        {
            WriteTapTables(w, mac, t, taps, gather);
        }
    }

    /// <summary>One non-zero weight of an output channel, in canonical order.</summary>
    private sealed record Tap(int Channel, int WeightIndex, int InputOffset, int RowOffset, int ColumnOffset);

    private static List<Tap> Taps(MacModel mac, FormatTraits t)
    {
        var g = mac.Geometry;
        var taps = new List<Tap>();
        for (var o = 0; o < g.OutChannels; o++)
        {
            for (var c = 0; c < g.InChannels; c++)
            {
                for (var ky = 0; ky < g.KernelHeight; ky++)
                {
                    for (var kx = 0; kx < g.KernelWidth; kx++)
                    {
                        var wi = g.WeightIndex(o, c, ky, kx);
                        if (!t.IsZero(wi))
                        {
                            taps.Add(new Tap(o, wi, (c * g.InHeight * g.InWidth) + (ky * g.DilationHeight * g.InWidth) + (kx * g.DilationWidth), ky * g.DilationHeight, kx * g.DilationWidth));
                        }
                    }
                }
            }
        }

        return taps;
    }

    private static string TapStatement(Tap tap, MacModel mac, FormatTraits t, bool gather)
    {
        var load = $"{Unsafe}.Add(ref xr, {Plus("p", tap.InputOffset)})";
        if (!gather)
        {
            return $"s += {load} * {t.Weight(tap.WeightIndex)};";
        }

        var magnitude = mac.InputNonNegative ? "a" : t.Magnitude("a");
        return $"{{ {t.Activation} a = {load}; if ({magnitude} > {t.ActivationThreshold(tap.WeightIndex)}) {{ s += a * {t.Weight(tap.WeightIndex)}; k++; }} }}";
    }

    /// <summary>
    /// Positions outside the unrolled interior (or every position, for table-driven layers): the same taps from
    /// static tables, skipping those that fall into the padding.
    /// </summary>
    private static void WriteTableDrivenPositions(SourceWriter w, MacModel mac, FormatTraits t, int channel, bool gather, (int Y0, int Y1, int X0, int X1) interior)
    {
        var g = mac.Geometry;
        var l = $"L{mac.Index}";
        using (w.Block($"for (var oy = 0; oy < {Int(g.OutHeight)}; oy++)"))
        using (w.Block($"for (var ox = 0; ox < {Int(g.OutWidth)}; ox++)"))
        {
            if (interior.Y1 > interior.Y0 && interior.X1 > interior.X0)
            {
                w.Line($"if (oy >= {Int(interior.Y0)} && oy < {Int(interior.Y1)} && ox >= {Int(interior.X0)} && ox < {Int(interior.X1)}) {{ continue; }}");
            }

            w.Line($"var iy = (oy * {Int(g.StrideHeight)}) - {Int(g.PaddingHeight)};");
            w.Line($"var ix = (ox * {Int(g.StrideWidth)}) - {Int(g.PaddingWidth)};");
            w.Line($"var p = (iy * {Int(g.InWidth)}) + ix;");
            w.Line($"{t.Accumulator} s = {l}_Bias[{Int(channel)}];");
            using (w.Block($"for (var i = {l}_TapStart[{Int(channel)}]; i < {l}_TapStart[{Int(channel + 1)}]; i++)"))
            {
                w.Line($"if ((uint)(iy + {l}_TapRow[i]) >= {Int(g.InHeight)}u || (uint)(ix + {l}_TapColumn[i]) >= {Int(g.InWidth)}u) {{ continue; }}");
                w.Line($"{t.Activation} a = x[p + {l}_TapInput[i]];");
                if (gather)
                {
                    var magnitude = mac.InputNonNegative ? "a" : t.Magnitude("a");
                    w.Line($"if ({magnitude} > {l}_TapThreshold[i]) {{ s += a * {l}_TapWeight[i]; k++; }}");
                }
                else
                {
                    w.Line($"s += a * {l}_TapWeight[i];");
                }
            }

            w.Line(t.Store($"y[{Int(channel * g.OutputPositions)} + (oy * {Int(g.OutWidth)}) + ox]", "s"));
        }
    }

    private static void WriteTapTables(SourceWriter w, MacModel mac, FormatTraits t, List<Tap> taps, bool gather)
    {
        var g = mac.Geometry;
        var l = $"L{mac.Index}";
        var starts = new int[g.OutChannels + 1];
        foreach (var tap in taps)
        {
            starts[tap.Channel + 1]++;
        }

        for (var o = 0; o < g.OutChannels; o++)
        {
            starts[o + 1] += starts[o];
        }

        w.Line();
        WriteData(w, $"{l}_TapStart", "int", starts, Literals.Int);
        WriteData(w, $"{l}_TapInput", "int", taps.Select(x => x.InputOffset).ToArray(), Literals.Int);
        WriteData(w, $"{l}_TapRow", "int", taps.Select(x => x.RowOffset).ToArray(), Literals.Int);
        WriteData(w, $"{l}_TapColumn", "int", taps.Select(x => x.ColumnOffset).ToArray(), Literals.Int);
        WriteData(w, $"{l}_TapWeight", t.WeightType, taps.Select(x => x.WeightIndex).ToArray(), t.Weight);
        if (gather)
        {
            WriteData(w, $"{l}_TapThreshold", t.KeyType, taps.Select(x => x.WeightIndex).ToArray(), t.ActivationThreshold);
        }

        WriteData(w, $"{l}_Bias", t.Accumulator, Enumerable.Range(0, g.OutChannels).ToArray(), t.Bias);
    }

    /// <summary>
    /// A static read-only span over constant data. Arrays of primitives in this form compile to data in the assembly
    /// image (no allocation per access on .NET 7+).
    /// </summary>
    private static void WriteData<T>(SourceWriter w, string name, string type, IReadOnlyList<T> values, Func<T, string> format)
    {
        if (values.Count == 0)
        {
            w.Line($"private static global::System.ReadOnlySpan<{type}> {name} => global::System.ReadOnlySpan<{type}>.Empty;");
            return;
        }

        w.Line($"private static global::System.ReadOnlySpan<{type}> {name} => new {type}[]");
        w.Line("{");
        foreach (var line in Literals.ArrayLines(values, format))
        {
            w.Line("    " + line);
        }

        w.Line("};");
    }

    private static List<T[]> Chunk<T>(IReadOnlyList<T> items, int size)
    {
        var chunks = new List<T[]>();
        for (var i = 0; i < items.Count; i += size)
        {
            chunks.Add(items.Skip(i).Take(size).ToArray());
        }

        if (chunks.Count == 0)
        {
            chunks.Add([]);
        }

        return chunks;
    }
}
