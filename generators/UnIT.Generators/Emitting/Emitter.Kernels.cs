using UnIT.Generators.Describing;
using UnIT.Generators.Models;
using UnIT.Text;

namespace UnIT.Generators.Emitting;

internal static partial class Emitter
{
    /// <summary>Alias of <c>System.Runtime.CompilerServices.Unsafe</c> declared in the generated namespace (keeps hot lines short).</summary>
    private const string Unsafe = "__UnitUnsafe";
    private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    private const string Ledger = "global::UnIT.Ledger.InferenceLedger";
    private const string Counts = "global::UnIT.Costs.EventCounts";

    /// <summary>The nested class holding the driver, one method per layer, and the constant data.</summary>
    private static void WriteKernels(SourceWriter w, NetworkModel model)
    {
        var q15 = model.Format == NumberFormat.Q15;
        var element = q15 ? "short" : "float";
        w.Line("/// <summary>The specialised kernels; see the comment tree at the top of this file.</summary>");
        w.Line(GeneratedCode);
        using (w.Block("private static class UnitKernels"))
        {
            w.Line("[global::System.ThreadStatic] private static " + element + "[]? s_bufferA;");
            w.Line("[global::System.ThreadStatic] private static " + element + "[]? s_bufferB;");
            if (q15)
            {
                w.Line("[global::System.ThreadStatic] private static short[]? s_input;");
                if (model.Layers.OfType<MacModel>().Any(m => m.IsInputStationary))
                {
                    // Only input-stationary layers keep 64-bit accumulators; an unused field would be a warning (CS0169).
                    w.Line("[global::System.ThreadStatic] private static long[]? s_accumulators;");
                }
            }

            w.Line();
            using (w.Block($"internal static {Ledger} Check({Ledger} ledger)"))
            {
                w.Line("if (ledger is null) { throw new global::System.ArgumentNullException(nameof(ledger)); }");
                w.Line("if (!ReferenceEquals(ledger.Layout, LedgerLayout) && !ledger.Layout.Equals(LedgerLayout))");
                w.Line("{");
                w.Line("    throw new global::System.ArgumentException(\"The ledger was made for another network; use CreateLedger().\", nameof(ledger));");
                w.Line("}");
                w.Line();
                w.Line("return ledger;");
            }

            w.Line();
            WriteRun(w, model);
            w.Line();
            WriteCore(w, model, element);
            foreach (var kernel in NetworkKernels.Describe(model).Layers)
            {
                w.Line();
                switch (kernel)
                {
                    case MacKernel mac:
                        WriteMac(w, model, mac);
                        break;
                    case ReluKernel relu:
                        WriteRelu(w, relu, q15);
                        break;
                    case PoolKernel pool:
                        WritePool(w, pool, q15);
                        break;
                    default:
                        w.Comment($"Layer {kernel.Index} ({kernel.Layer.Row.Label}): Flatten reinterprets the buffer; no code, no events.");
                        break;
                }
            }
        }
    }

    private static void WriteRun(SourceWriter w, NetworkModel model)
    {
        var q15 = model.Format == NumberFormat.Q15;
        using (w.Block($"internal static void Run(global::System.ReadOnlySpan<float> input, global::System.Span<float> output, {Ledger}? ledger)"))
        {
            w.Line("if (input.Length != InputLength) { throw new global::System.ArgumentException($\"The input has {input.Length} values; the network takes {InputLength}.\", nameof(input)); }");
            w.Line("if (output.Length != OutputLength) { throw new global::System.ArgumentException($\"The output span has {output.Length} values; the network produces {OutputLength}.\", nameof(output)); }");
            using (w.Block("for (var i = 0; i < input.Length; i++)"))
            {
                w.Line("if (float.IsNaN(input[i]) || float.IsInfinity(input[i])) { throw new global::System.ArgumentException($\"Input element {i} is {input[i]}; inputs must be finite.\", nameof(input)); }");
            }

            if (q15)
            {
                w.Line("var quantized = s_input ??= new short[InputLength];");
                w.Line("for (var i = 0; i < input.Length; i++) { quantized[i] = global::UnIT.Semantics.Q15.Quantize(input[i], InputScale); }");
                w.Line("var result = Core(quantized, ledger);");
                w.Line("for (var i = 0; i < output.Length; i++) { output[i] = global::UnIT.Semantics.Q15.Dequantize(result[i], OutputScale); }");
            }
            else
            {
                w.Line("Core(input, ledger).CopyTo(output);");
            }

            w.Line("if (ledger is not null) { ledger.Inferences++; }");
        }

        if (q15)
        {
            w.Line();
            using (w.Block($"internal static void RunQ15(global::System.ReadOnlySpan<short> input, global::System.Span<short> output, {Ledger}? ledger)"))
            {
                w.Line("if (input.Length != InputLength) { throw new global::System.ArgumentException($\"The input has {input.Length} values; the network takes {InputLength}.\", nameof(input)); }");
                w.Line("if (output.Length != OutputLength) { throw new global::System.ArgumentException($\"The output span has {output.Length} values; the network produces {OutputLength}.\", nameof(output)); }");
                w.Line("Core(input, ledger).CopyTo(output);");
                w.Line("if (ledger is not null) { ledger.Inferences++; }");
            }
        }
    }

    /// <summary>Runs the layers through two ping-pong buffers and returns the span holding the output.</summary>
    private static void WriteCore(SourceWriter w, NetworkModel model, string element)
    {
        using (w.Block($"private static global::System.ReadOnlySpan<{element}> Core(global::System.ReadOnlySpan<{element}> input, {Ledger}? ledger)"))
        {
            w.Line($"var a = s_bufferA ??= new {element}[{Int(model.ScratchLength)}];");
            w.Line($"var b = s_bufferB ??= new {element}[{Int(model.ScratchLength)}];");
            var current = "input";
            var next = "a";
            foreach (var layer in model.Layers)
            {
                if (layer is FlattenModel)
                {
                    continue;
                }

                var span = $"global::System.MemoryExtensions.AsSpan({next}, 0, {Int(layer.OutputLength)})";
                w.Line($"Layer{layer.Index}({current}, {span}, ledger);");
                current = span;
                next = next == "a" ? "b" : "a";
            }

            w.Line($"return {current};");
        }
    }

    private static string Signature(int index, string element) =>
        $"private static void Layer{index}(global::System.ReadOnlySpan<{element}> x, global::System.Span<{element}> y, {Ledger}? ledger)";

    private static void WriteRelu(SourceWriter w, ReluKernel kernel, bool q15)
    {
        var relu = kernel.Relu;
        var element = q15 ? "short" : "float";
        var theta = q15 ? CSharpLiterals.Int(relu.QuantizedThreshold) : CSharpLiterals.Float(relu.Threshold);
        w.Comment($"Layer {relu.Index} ({relu.Row.Label}): y = x > theta ? x : 0.");
        using (w.Block(Signature(relu.Index, element)))
        {
            w.Line($"for (var i = 0; i < {Int(relu.Length)}; i++) {{ var v = x[i]; y[i] = v > {theta} ? v : {(q15 ? "(short)0" : "0f")}; }}");
            w.Line($"if (ledger is not null) {{ ref var e = ref ledger.Layer({relu.Index}); {FixedEvents(kernel)} e.ReluClear += global::UnIT.Costs.FixedEvents.ReluCleared<{element}>(y.Slice(0, {Int(relu.Length)})); }}");
        }
    }

    private static void WritePool(SourceWriter w, PoolKernel kernel, bool q15)
    {
        var pool = kernel.Pool;
        var element = q15 ? "short" : "float";
        var window = kernel.Window;
        w.Comment($"Layer {pool.Index} ({pool.Row.Label}): {(pool.IsMax ? "max" : "average")} pooling {pool.KernelHeight}x{pool.KernelWidth}, stride {pool.StrideHeight}x{pool.StrideWidth}.");
        using (w.Block(Signature(pool.Index, element)))
        {
            using (w.Block($"for (var c = 0; c < {Int(pool.Channels)}; c++)"))
            using (w.Block($"for (var oy = 0; oy < {Int(pool.OutHeight)}; oy++)"))
            using (w.Block($"for (var ox = 0; ox < {Int(pool.OutWidth)}; ox++)"))
            {
                w.Line($"var p = ((c * {Int(pool.InHeight)}) + (oy * {Int(pool.StrideHeight)})) * {Int(pool.InWidth)} + (ox * {Int(pool.StrideWidth)});");
                var offsets = kernel.WindowOffsets;
                var target = $"y[((c * {Int(pool.OutHeight)}) + oy) * {Int(pool.OutWidth)} + ox]";
                if (pool.IsMax)
                {
                    w.Line($"var m = x[p + {Int(offsets[0])}];");
                    foreach (var offset in offsets.Skip(1))
                    {
                        w.Line($"{{ var v = x[p + {Int(offset)}]; if (v > m) {{ m = v; }} }}");
                    }

                    w.Line($"{target} = m;");
                }
                else
                {
                    w.Line(q15 ? "long s = 0;" : "var s = 0f;");
                    foreach (var offset in offsets)
                    {
                        w.Line($"s += x[p + {Int(offset)}];");
                    }

                    w.Line(q15 ? $"{target} = global::UnIT.Semantics.Q15.Average(s, {Int(window)});" : $"{target} = s * {CSharpLiterals.Float(1f / window)};");
                }
            }

            w.Line($"if (ledger is not null) {{ ref var e = ref ledger.Layer({pool.Index}); {FixedEvents(kernel)} }}");
        }
    }

    /// <summary>The layer's fixed events added to the ledger row <c>e</c> (<c>e.ReluTest += 100L;</c>).</summary>
    private static string FixedEvents(LayerKernel kernel) => string.Join(" ", kernel.FixedEvents.Select(EventStatement));

    /// <summary>One event added to the ledger row <c>e</c>: its fixed count, its counter, or the fixed total less the counter.</summary>
    private static string EventStatement(KernelEvent e) => e switch
    {
        { Counter: null } => $"e.{e.Event} += {CSharpLiterals.Long(e.Fixed)};",
        { Counter: { } counter, IsRemainder: true } => $"e.{e.Event} += {CSharpLiterals.Long(e.Fixed)} - {CounterVariable(counter)};",
        { Counter: { } counter } => $"e.{e.Event} += {CounterVariable(counter)};",
    };

    /// <summary>The local variable holding a run-time counter.</summary>
    private static string CounterVariable(EventCounter counter) => counter.ToString().ToLowerInvariant();
}
