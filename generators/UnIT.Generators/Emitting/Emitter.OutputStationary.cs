using UnIT.Generators.Describing;
using UnIT.Generators.Models;
using UnIT.Model;
using UnIT.Text;

namespace UnIT.Generators.Emitting;

/// <summary>
/// Output-stationary kernels (Dense, and Gather on convolutions): each output sums its taps in canonical
/// (c, ky, kx) order. Interior positions run fully unrolled code with the weights (and, for Gather, the per-weight
/// activation thresholds τ) as literals; border positions of padded convolutions run a table-driven loop with bounds
/// checks over the same taps in the same order.
/// </summary>
internal static partial class Emitter
{
    private static void WriteMac(SourceWriter w, NetworkModel model, MacKernel kernel)
    {
        var mac = kernel.Mac;
        var traits = new FormatTraits(mac, model.Format);
        var g = mac.Geometry;
        w.Comment($"Layer {mac.Index} ({mac.Row.Label}): {(mac.IsDense ? "dense" : "convolution")} {g.InChannels}->{g.OutChannels}, "
            + $"kernel {mac.Implementation}{(mac.Unrolled ? string.Empty : " (table-driven: the layer has more weights than UnitMaxUnrolledWeights)")}.");
        if (kernel is InputStationaryKernel scatter)
        {
            WriteInputStationary(w, scatter, traits);
        }
        else
        {
            WriteOutputStationary(w, (OutputStationaryKernel)kernel, traits);
        }
    }

    private static void WriteOutputStationary(SourceWriter w, OutputStationaryKernel kernel, FormatTraits t)
    {
        var mac = kernel.Mac;
        var g = mac.Geometry;
        var gather = kernel.IsGather;
        var (y0, y1, x0, x1) = kernel.Interior;
        var taps = kernel.Taps;

        // Unrolled interiors need no tables; the table-driven form covers borders and layers too large to unroll.
        var needsTables = !mac.Unrolled || !kernel.FullInterior;

        // Eight neighbouring outputs read eight neighbouring inputs when the horizontal stride is 1: one vector does
        // the work of eight scalar taps, each lane with the very same operations in the same order.
        var vectorize = mac.Unrolled && g.StrideWidth == 1 && x1 - x0 >= VectorLanes;

        using (w.Block(Signature(mac.Index, t.Element)))
        {
            // Q15 channels also count the sums they requantise below zero.
            var counters = t.IsQ15 ? "ref kept, ref negative" : "ref kept";
            w.Line(t.IsQ15 ? "long kept = 0, negative = 0;" : "long kept = 0;");
            for (var o = 0; o < g.OutChannels; o++)
            {
                w.Line($"Layer{mac.Index}_Channel{o}(x, y, {counters});");
            }

            using (w.Block("if (ledger is not null)"))
            {
                w.Line($"ref var e = ref ledger.Layer({mac.Index});");
                foreach (var e in kernel.Events)
                {
                    w.Line(EventStatement(e));
                }
            }
        }

        for (var o = 0; o < g.OutChannels; o++)
        {
            w.Line();
            var channelTaps = taps.Where(tap => tap.OutputChannel == o).ToArray();
            var scalarParts = mac.Unrolled ? Chunk(channelTaps, MethodBudget.Capacity(MethodBudget.Tap(gather, t.IsQ15))) : [];
            var vectorParts = vectorize ? Chunk(channelTaps, MethodBudget.Capacity(MethodBudget.VectorTap(gather, t.IsQ15))) : [];
            var negative = t.IsQ15 ? ", ref long negative" : string.Empty;
            using (w.Block($"private static void Layer{mac.Index}_Channel{o}(global::System.ReadOnlySpan<{t.Element}> x, global::System.Span<{t.Element}> y, ref long kept{negative})"))
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
                    WriteTableDrivenPositions(w, kernel, t, o, gather, mac.Unrolled ? kernel.Interior : (0, 0, 0, 0));
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
            w.Line();
            WriteTables(w, kernel, t);
        }
    }

    private static string TapStatement(ConvTap tap, MacModel mac, FormatTraits t, bool gather)
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
    private static void WriteTableDrivenPositions(SourceWriter w, OutputStationaryKernel kernel, FormatTraits t, int channel, bool gather, (int Y0, int Y1, int X0, int X1) interior)
    {
        var mac = kernel.Mac;
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
                if (!kernel.FullInterior)
                {
                    w.Line($"if ((uint)(iy + {l}_TapRow[i]) >= {Int(g.InHeight)}u || (uint)(ix + {l}_TapColumn[i]) >= {Int(g.InWidth)}u) {{ continue; }}");
                }

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

    /// <summary>The kernel's constant tables, in the description's order, each spelled in the layer's format.</summary>
    private static void WriteTables(SourceWriter w, MacKernel kernel, FormatTraits t)
    {
        foreach (var table in kernel.Tables)
        {
            var (type, format) = table.Element switch
            {
                TableElement.Weight => (t.WeightType, (Func<int, string>)t.Weight),
                TableElement.Key => (t.KeyType, t.Key),
                TableElement.ActivationThreshold => (t.KeyType, t.ActivationThreshold),
                TableElement.Bias => (t.Accumulator, t.Bias),
                _ => ("int", CSharpLiterals.Int),
            };
            WriteData(w, $"L{kernel.Index}_{table.Name}", type, table.Values, format);
        }
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
        foreach (var line in CSharpLiterals.ArrayLines(values, format))
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
