using UnIT.Generators.Models;
using UnIT.Model;

namespace UnIT.Generators.Emitting;

/// <summary>
/// Vector form of the output-stationary kernels: eight neighbouring output positions at once (horizontal stride 1, so
/// their inputs are neighbours too). Every lane performs exactly the scalar kernel's operations in the same order
/// (Gather selects <c>s + a·w</c> or <c>s</c>, never adds a zero), so results stay bit-identical; Q15 widens the exact
/// int32 products into 64-bit sums. Compiled only for .NET 8 or later, used only where 256-bit vectors are hardware
/// accelerated; the scalar code handles the rest of the row, and everything on other targets.
/// </summary>
internal static partial class Emitter
{
    private const int VectorLanes = 8;
    private const string V256 = "__UnitV256";
    private const string V128 = "__UnitV128";

    /// <summary>Aliases for the vector types, declared in the generated file under the same condition as their use.</summary>
    private static void WriteVectorAliases(SourceWriter w)
    {
        w.Line("#if NET8_0_OR_GREATER");
        w.Line($"using {V256} = global::System.Runtime.Intrinsics.Vector256;");
        w.Line($"using {V128} = global::System.Runtime.Intrinsics.Vector128;");
        w.Line("#endif");
    }

    /// <summary>The vectorised part of an interior row: blocks of eight positions while they fit before <c>X1</c>.</summary>
    private static void WriteVectorPositions(SourceWriter w, MacModel mac, FormatTraits t, int channel, int x1, int parts)
    {
        var g = mac.Geometry;
        var gather = mac.Implementation == KernelImplementation.Gather;
        w.Line("#if NET8_0_OR_GREATER");
        using (w.Block($"if ({V256}.IsHardwareAccelerated)"))
        {
            w.Line($"var kv = global::System.Runtime.Intrinsics.Vector256<int>.Zero;");
            using (w.Block($"for (; ox + {Int(VectorLanes)} <= {Int(x1)}; ox += {Int(VectorLanes)})"))
            {
                w.Line($"var p = (oy * {Int(g.StrideHeight * g.InWidth)}) + ox - {Int((g.PaddingHeight * g.InWidth) + g.PaddingWidth)};");
                w.Line($"var at = {Int(channel * g.OutputPositions)} + (oy * {Int(g.OutWidth)}) + ox;");
                if (t.IsQ15)
                {
                    w.Line($"var lo = {V256}.Create({t.Bias(channel)});");
                    w.Line("var hi = lo;");
                    for (var part = 0; part < parts; part++)
                    {
                        w.Line($"Layer{mac.Index}_Channel{channel}_Vector{part}(ref xr, p, ref lo, ref hi, ref kv);");
                    }

                    using (w.Block("for (var l = 0; l < 4; l++)"))
                    {
                        w.Line(t.Store("y[at + l]", $"{V256}.GetElement(lo, l)"));
                        w.Line(t.Store("y[at + 4 + l]", $"{V256}.GetElement(hi, l)"));
                    }
                }
                else
                {
                    w.Line($"var s = {V256}.Create({t.Bias(channel)});");
                    for (var part = 0; part < parts; part++)
                    {
                        w.Line($"s = Layer{mac.Index}_Channel{channel}_Vector{part}(ref xr, p, s, ref kv);");
                    }

                    w.Line($"{V256}.StoreUnsafe(s, ref {Marshal}.GetReference(y), (nuint)at);");
                }
            }

            if (gather)
            {
                w.Line($"k += {V256}.Sum(kv);");
            }
        }

        w.Line("#endif");
    }

    /// <summary>One vector part: a run of the channel's taps, unrolled with literal weights (and thresholds).</summary>
    private static void WriteVectorPart(SourceWriter w, MacModel mac, FormatTraits t, int channel, int part, ConvTap[] taps, bool gather)
    {
        var signed = !mac.InputNonNegative;
        w.Line("#if NET8_0_OR_GREATER");
        if (t.IsQ15)
        {
            using (w.Block($"private static void Layer{mac.Index}_Channel{channel}_Vector{part}(ref short xr, int p, "
                + "ref global::System.Runtime.Intrinsics.Vector256<long> lo, ref global::System.Runtime.Intrinsics.Vector256<long> hi, "
                + "ref global::System.Runtime.Intrinsics.Vector256<int> kv)"))
            {
                foreach (var tap in taps)
                {
                    var load = $"var raw = {V128}.LoadUnsafe(ref xr, (nuint)({Plus("p", tap.InputOffset)})); var a = {V256}.Create({V128}.WidenLower(raw), {V128}.WidenUpper(raw));";
                    var product = gather
                        ? $"var keep = {V256}.GreaterThan({(signed ? $"{V256}.Abs(a)" : "a")}, {V256}.Create({t.ActivationThreshold(tap.WeightIndex)})); "
                          + $"var prod = {V256}.ConditionalSelect(keep, a * {V256}.Create({t.Weight(tap.WeightIndex)}), global::System.Runtime.Intrinsics.Vector256<int>.Zero); kv -= keep;"
                        : $"var prod = a * {V256}.Create({t.Weight(tap.WeightIndex)});";
                    w.Line($"{{ {load} {product} lo += {V256}.WidenLower(prod); hi += {V256}.WidenUpper(prod); }}");
                }
            }
        }
        else
        {
            using (w.Block($"private static global::System.Runtime.Intrinsics.Vector256<float> Layer{mac.Index}_Channel{channel}_Vector{part}(ref float xr, int p, "
                + "global::System.Runtime.Intrinsics.Vector256<float> s, ref global::System.Runtime.Intrinsics.Vector256<int> kv)"))
            {
                foreach (var tap in taps)
                {
                    var load = $"{V256}.LoadUnsafe(ref xr, (nuint)({Plus("p", tap.InputOffset)}))";
                    w.Line(gather
                        ? $"{{ var a = {load}; var keep = {V256}.GreaterThan({(signed ? $"{V256}.Abs(a)" : "a")}, {V256}.Create({t.ActivationThreshold(tap.WeightIndex)})); "
                          + $"s = {V256}.ConditionalSelect(keep, s + (a * {V256}.Create({t.Weight(tap.WeightIndex)})), s); kv -= {V256}.AsInt32(keep); }}"
                        : $"s += {load} * {V256}.Create({t.Weight(tap.WeightIndex)});");
                }

                w.Line("return s;");
            }
        }

        w.Line("#endif");
    }
}
