using System.Reflection;
using UnIT.Benchmarks.Infrastructure;
using UnIT.Ledger;
using UnIT.Model;
using UnIT.Preparation;
using UnIT.Semantics;

namespace UnIT.Benchmarks;

/// <summary>One generated layer method timed on its own (ledger on).</summary>
internal sealed record LayerTiming(string Label, string Implementation, long DenseMacs, double Microseconds);

/// <summary>
/// Stopwatch sections per layer: each generated <c>UnitKernels.Layer{i}</c> method is called directly (through a
/// delegate to the private method) on the activations it sees during real inferences of the benchmark digits, so a
/// miss can be traced to the layer and kernel that cause it.
/// </summary>
internal static class LayerProfile
{
    private delegate void LayerMethod<T>(ReadOnlySpan<T> x, Span<T> y, InferenceLedger? ledger);

    public static LayerTiming[] Measure(LoadedNetwork network, PreparedNetwork prepared, float[][] digits, TimerOptions timer)
    {
        var options = timer with { WarmUp = TimeSpan.FromMilliseconds(200), Quiet = TimeSpan.FromMilliseconds(500) };
        if (network.LedgerLayout.Format == NumberFormat.Q15)
        {
            var inputs = digits.Select(d => d.Select(v => Q15.Quantize(v, prepared.InputScale)).ToArray()).ToArray();
            return MeasureLayers(network, prepared, inputs, options);
        }

        return MeasureLayers(network, prepared, digits, options);
    }

    private static LayerTiming[] MeasureLayers<T>(LoadedNetwork network, PreparedNetwork prepared, T[][] digits, TimerOptions options)
    {
        var kernels = network.Type.GetNestedType("UnitKernels", BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{network.Type.Name} has no UnitKernels class.");
        var ledger = network.CreateLedger();
        var current = digits;
        var layers = new List<(int Index, LayerMethod<T> Method, T[][] Inputs, int OutputLength)>();
        for (var i = 0; i < prepared.Layers.Count; i++)
        {
            var method = kernels.GetMethod($"Layer{i}", BindingFlags.NonPublic | BindingFlags.Static, [typeof(ReadOnlySpan<T>), typeof(Span<T>), typeof(InferenceLedger)]);
            if (method is null)
            {
                continue; // Flatten: no code.
            }

            var call = method.CreateDelegate<LayerMethod<T>>();
            var outputLength = prepared.Layers[i].OutputShape.ElementCount;
            var outputs = current.Select(x =>
            {
                var y = new T[outputLength];
                call(x, y, ledger);
                return y;
            }).ToArray();
            layers.Add((i, call, current, outputLength));
            current = outputs;
        }

        var contenders = layers.Select(l =>
        {
            var output = new T[l.OutputLength];
            var next = 0;
            return new Contender($"Layer{l.Index}", n =>
            {
                for (var k = 0; k < n; k++)
                {
                    l.Method(l.Inputs[next], output, ledger);
                    next = next + 1 == l.Inputs.Length ? 0 : next + 1;
                }
            });
        }).ToArray();
        var (timings, _, _, _) = InterleavedTimer.Measure(contenders, options);
        return layers.Select((l, k) =>
        {
            var row = network.LedgerLayout.Layers[l.Index];
            return new LayerTiming(row.Label, row.Kind is LayerKind.Conv2d or LayerKind.Dense or LayerKind.Conv1d ? row.Implementation.ToString() : string.Empty,
                row.DenseMacs, timings[k].MedianMicroseconds);
        }).ToArray();
    }
}
