using UnIT.Generators.Describing;
using UnIT.Generators.Emitting;
using UnIT.Generators.Models;
using UnIT.Semantics;

namespace UnIT.Generators.EmittingC;

/// <summary>
/// One C function per layer, spelled from its <see cref="LayerKernel"/>. Every conv/dense layer runs the table-driven
/// form of its kernel (the C# backend unrolls for the JIT; on the MCU flash is scarce), over the same tables, in the
/// same order, counting the same events. C multiplications are library calls on the MSP430, so index arithmetic
/// advances running offsets and products go through the multiplier's registers.
/// </summary>
internal static partial class CEmitter
{
    private static void WriteLayer(SourceWriter w, LayerKernel kernel, CArena arena, string net)
    {
        switch (kernel)
        {
            case ReluKernel relu:
                WriteRelu(w, relu, net);
                break;
            case PoolKernel pool:
                WritePool(w, pool, net);
                break;
            case OutputStationaryKernel gather:
                WriteTables(w, gather, net);
                WriteOutputStationary(w, gather, net);
                break;
            case InputStationaryKernel scatter:
                WriteTables(w, scatter, net);
                WriteQuotientAndSlots(w, scatter, net);
                WriteInputStationary(w, scatter, arena.Slots[scatter.Index], net);
                break;
            default:
                w.Comment($"Layer {kernel.Index} ({kernel.Layer.Row.Label}): Flatten reinterprets the buffer; no code, no events.");
                break;
        }
    }

    private static string Open(SourceWriter w, LayerKernel kernel, string net, string summary)
    {
        w.Comment($"Layer {kernel.Index} ({kernel.Layer.Row.Label}): {summary}");
        w.Line($"static void __attribute__((noinline)) {LayerName(net, kernel.Index)}(const int16_t *x, int16_t *y)");
        return string.Empty;
    }

    private static void WriteEvents(SourceWriter w, LayerKernel kernel, string net)
    {
        foreach (var e in kernel.Events)
        {
            var constant = CTypes.Literal(e.Fixed) + (e.Fixed > short.MaxValue ? string.Empty : "u");
            var count = e.Counter is not { } counter ? constant
                : e.IsRemainder ? $"{constant} - {CounterName(counter)}"
                : CounterName(counter);
            w.Line($"UNIT_EVENT({CTypes.Int(kernel.Index)}, {EventConstant(net, e.Event)}, {count});");
        }
    }

    /// <summary>The local variable of a run-time counter.</summary>
    private static string CounterName(EventCounter counter) => counter.ToString().ToLowerInvariant();

    private static void WriteCounters(SourceWriter w, LayerKernel kernel)
    {
        var counters = kernel.CountedEvents.Select(e => e.Counter!.Value).Distinct().ToArray();
        if (counters.Length > 0)
        {
            w.Line($"uint32_t {string.Join(", ", counters.Select(c => CounterName(c) + " = 0"))};");
        }
    }

    private static void WriteRelu(SourceWriter w, ReluKernel kernel, string net)
    {
        var relu = kernel.Relu;
        Open(w, kernel, net, "y = x > theta ? x : 0.");
        using (w.Block(string.Empty))
        {
            WriteCounters(w, kernel);
            w.Line($"for (int i = 0; i < {CTypes.Int(relu.Length)}; i++)");
            w.Line("{");
            w.Line("    int16_t v = x[i];");
            w.Line($"    y[i] = v > {CTypes.Literal(relu.QuantizedThreshold)} ? v : 0;");
            w.Line($"    UNIT_TALLY(cleared, v <= {CTypes.Literal(relu.QuantizedThreshold)});");
            w.Line("}");
            WriteEvents(w, kernel, net);
        }
    }

    private static void WritePool(SourceWriter w, PoolKernel kernel, string net)
    {
        var pool = kernel.Pool;
        Open(w, kernel, net, $"{(pool.IsMax ? "max" : "average")} pooling {pool.KernelHeight}x{pool.KernelWidth}, stride {pool.StrideHeight}x{pool.StrideWidth}.");
        using (w.Block(string.Empty))
        {
            w.Line("int16_t *out = y;");
            w.Line("const int16_t *plane = x;");

            // Every loop stays rolled: the code's size then depends on the window alone (CodeSize.PoolBytes), and each
            // output row and channel runs the same loop steps, which MaxPoolRow and AvgPoolRow price.
            w.Line("UNIT_NO_UNROLL");
            using (w.Block($"for (int c = 0; c < {CTypes.Int(pool.Channels)}; c++, plane += {CTypes.Int(pool.InHeight * pool.InWidth)})"))
            {
                w.Line("const int16_t *row = plane;");
                w.Line("UNIT_NO_UNROLL");
                using (w.Block($"for (int oy = 0; oy < {CTypes.Int(pool.OutHeight)}; oy++, row += {CTypes.Int(pool.StrideHeight * pool.InWidth)})"))
                {
                    w.Line("UNIT_NO_UNROLL");
                    using (w.Block($"for (int ox = 0; ox < {CTypes.Int(pool.OutWidth * pool.StrideWidth)}; ox += {CTypes.Int(pool.StrideWidth)})"))
                    {
                        w.Line("const int16_t *p = row + ox;");
                        if (pool.IsMax)
                        {
                            w.Line($"int16_t m = p[{CTypes.Int(kernel.WindowOffsets[0])}];");
                            foreach (var offset in kernel.WindowOffsets.Skip(1))
                            {
                                w.Line($"if (p[{CTypes.Int(offset)}] > m) {{ m = p[{CTypes.Int(offset)}]; }}");
                            }

                            w.Line("*out++ = m;");
                        }
                        else
                        {
                            w.Line("int32_t s = 0;");
                            foreach (var offset in kernel.WindowOffsets)
                            {
                                w.Line($"s += p[{CTypes.Int(offset)}];");
                            }

                            if (Q15.AverageShift(kernel.Window) is { } shift)
                            {
                                // floor((2s + n) / 2n) for n = 2^k is an arithmetic shift by k + 1: no division loop.
                                w.Line($"int32_t q = (s + s + {CTypes.Int(kernel.Window)}) >> {CTypes.Int(shift)};");
                                w.Line("*out++ = (int16_t)(q > 32767 ? 32767 : q < -32767 ? -32767 : q);");
                            }
                            else
                            {
                                w.Line($"*out++ = unit_average(s, {CTypes.Int(kernel.Window)}u);");
                            }
                        }
                    }
                }
            }

            WriteEvents(w, kernel, net);
        }
    }

    private static string TableName(string net, LayerKernel kernel, string table) => $"{net}_l{kernel.Index}_{table}";

    /// <summary>The kernel's tables in the description's order, with the constants of the layer's Q15 model.</summary>
    private static void WriteTables(SourceWriter w, MacKernel kernel, string net)
    {
        var mac = kernel.Mac;
        foreach (var table in kernel.Tables)
        {
            var values = table.Values.Select(v => table.Element switch
            {
                TableElement.Weight => mac.QuantizedWeights[v],
                TableElement.Key => mac.QuantizedKeys[v],
                TableElement.ActivationThreshold => mac.QuantizedActivationThresholds[v],
                TableElement.Bias => mac.QuantizedBias[v],
                _ => (long)v,
            }).ToArray();
            var type = table.Element switch
            {
                TableElement.Weight => "int16_t",
                TableElement.Bias => "int32_t",
                _ => CTypes.Narrowest(values),
            };
            WriteArray(w, TableName(net, kernel, table.Name), type, values);
        }

        w.Line();
    }

    /// <summary>Output-stationary (Dense; Gather on convolutions): each output sums its channel's taps on MACS from the bias.</summary>
    private static void WriteOutputStationary(SourceWriter w, OutputStationaryKernel kernel, string net)
    {
        var mac = kernel.Mac;
        var g = mac.Geometry;
        string T(string name) => TableName(net, kernel, name);
        Open(w, kernel, net, $"{(mac.IsDense ? "dense" : "convolution")} {g.InChannels}->{g.OutChannels}, kernel {mac.Implementation}.");
        using (w.Block(string.Empty))
        {
            WriteCounters(w, kernel);
            w.Line("int16_t *out = y;");
            var origin = g.WindowOrigin(0, 0);
            using (w.Block($"for (int o = 0; o < {CTypes.Int(g.OutChannels)}; o++)"))
            {
                w.Line($"int iy = {CTypes.Int(origin.Row)};");
                w.Line($"int row = {CTypes.Int((origin.Row * g.InWidth) + origin.Column)};");
                using (w.Block($"for (int oy = 0; oy < {CTypes.Int(g.OutHeight)}; oy++, iy += {CTypes.Int(g.StrideHeight)}, row += {CTypes.Int(g.StrideHeight * g.InWidth)})"))
                {
                    w.Line($"int ix = {CTypes.Int(origin.Column)};");
                    using (w.Block($"for (int p = row; p < row + {CTypes.Int(g.OutWidth * g.StrideWidth)}; p += {CTypes.Int(g.StrideWidth)}, ix += {CTypes.Int(g.StrideWidth)})"))
                    {
                        w.Line($"unit_mpy_preload((uint32_t){T("Bias")}[o]);");
                        using (w.Block($"for (int i = {T("TapStart")}[o]; i < {T("TapStart")}[o + 1]; i++)"))
                        {
                            if (!kernel.FullInterior)
                            {
                                w.Line($"if ((unsigned)(iy + {T("TapRow")}[i]) >= {CTypes.Int(g.InHeight)}u || (unsigned)(ix + {T("TapColumn")}[i]) >= {CTypes.Int(g.InWidth)}u) {{ continue; }}");
                            }

                            w.Line($"int16_t a = x[p + {T("TapInput")}[i]];");
                            if (kernel.IsGather)
                            {
                                using (w.Block($"if ({Magnitude(mac, "a")} > {T("TapThreshold")}[i])"))
                                {
                                    w.Line("unit_mpy_op1(UNIT_MACS, a);");
                                    w.Line($"unit_mpy_op2({T("TapWeight")}[i]);");
                                    w.Line("UNIT_TALLY(kept, 1);");
                                }
                            }
                            else
                            {
                                w.Line("unit_mpy_op1(UNIT_MACS, a);");
                                w.Line($"unit_mpy_op2({T("TapWeight")}[i]);");
                            }
                        }

                        w.Line("int32_t sum = (int32_t)unit_mpy_result();");
                        w.Line("UNIT_TALLY(negative, sum < 0);");
                        w.Line($"*out++ = unit_requantize(sum, {CTypes.Int(mac.RequantizeShift)});");
                    }
                }
            }

            WriteEvents(w, kernel, net);
        }
    }

    /// <summary>|a| of an int16 activation as an int (inputs known non-negative skip the test).</summary>
    private static string Magnitude(MacModel mac, string a) => mac.InputNonNegative ? $"(int32_t){a}" : $"(int32_t)({a} < 0 ? -{a} : {a})";

    /// <summary>The layer's quotient N/m in its division approximation, and its bucket slot functions.</summary>
    private static void WriteQuotientAndSlots(SourceWriter w, InputStationaryKernel kernel, string net)
    {
        var mac = kernel.Mac;
        var n = $"{CTypes.Literal(mac.QuantizedReference)}";
        if (kernel.NeedsQuotient)
        {
            // Forced inline: the quotient events price the sequence in place. Out of line (clang's choice for the
            // FloatBits one, called twice by Bucketed) the call costs a CALL/RET and makes the walks keep their
            // values in callee-saved registers, which spilled the activation of every kept entry.
            w.Line($"/* The quotient N / m of the UnIT rule, division {mac.Division} (UnIT.Semantics.Q15Quotient), N = {n}. */");
            w.Line($"static inline __attribute__((always_inline)) int32_t {TableName(net, kernel, "quotient")}(uint16_t m)");
            w.Line("{");
            switch (mac.Division)
            {
                case DivisionApproximation.Exact:
                    w.Line($"    return (int32_t)unit_divide({n}u, m);");
                    break;
                case DivisionApproximation.Pow2:
                    w.Line($"    return (int32_t)unit_shift_right({n}u, unit_floor_log2(m));");
                    break;
                case DivisionApproximation.ReciprocalLut:
                    var bits = mac.TableBits;
                    w.Line("    uint8_t e = unit_floor_log2(m);");
                    w.Line($"    uint16_t index = (uint16_t)((uint16_t)(m << (15u - e)) >> {CTypes.Int(15 - bits)}) & {CTypes.Int((1 << bits) - 1)}u;");
                    w.Line($"    return (int32_t)unit_multiply_shift({n}u, unit_reciprocal_q16_{bits}[index], (uint8_t)(16u + e));");
                    break;
                default:
                    w.Line("    uint8_t e = unit_floor_log2(m);");
                    w.Line($"    return (int32_t)unit_multiply_shift({n}u, (uint16_t)((uint16_t)(3u << e) - m), (uint8_t)(e + e + 1u));");
                    break;
            }

            w.Line("}");
            w.Line();
        }

        if (mac.Buckets is { } buckets)
        {
            WriteSlot(w, TableName(net, kernel, "slot"), buckets);
        }

        if (mac.TapBuckets is { } tapBuckets)
        {
            WriteSlot(w, TableName(net, kernel, "tap_slot"), tapBuckets);
        }
    }

    /// <summary>ActivationBuckets.Id of m, made a row index of the bucket tables (clamped like BucketTable.Slot).</summary>
    private static void WriteSlot(SourceWriter w, string name, BucketModel buckets)
    {
        w.Line($"static int {name}(uint16_t m)");
        w.Line("{");
        w.Line("    uint8_t e = unit_floor_log2(m);");
        var id = buckets.Bits == 0
            ? "(int)e"
            : $"(int)(((unsigned)e << {CTypes.Int(buckets.Bits)}) | ((uint16_t)((uint16_t)(m << (15u - e)) >> {CTypes.Int(15 - buckets.Bits)}) & {CTypes.Int((1 << buckets.Bits) - 1)}u))";
        w.Line($"    int slot = {id} - {CTypes.Int(buckets.FirstId - 1)};");
        w.Line($"    return slot < 0 ? 0 : slot > {CTypes.Int(buckets.SlotCount - 1)} ? {CTypes.Int(buckets.SlotCount - 1)} : slot;");
        w.Line("}");
        w.Line();
    }
}
