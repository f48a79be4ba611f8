using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using UnIT.Costs;
using UnIT.Generators.EmittingC;
using UnIT.Ledger;
using UnIT.Msp430;
using Xunit;

namespace UnIT.Generators.Tests.Infrastructure;

/// <summary>
/// A C export built for this machine (a software stand-in for the multiplier's registers, event counters compiled in)
/// and run on Q15 inputs, then compared with the generated C# class: outputs bit for bit, every ledger event.
/// </summary>
internal static class CHostProgram
{
    /// <summary>
    /// Writes <paramref name="export"/> and a driver into <paramref name="directory"/>, builds them with clang-14 for this
    /// machine, runs <paramref name="inputs"/> and asserts the outputs and counters equal those of <paramref name="type"/>'s
    /// <c>InferQ15</c> and ledger.
    /// </summary>
    public static void AssertMatchesCSharp(CExport export, Type type, int layers, int outputLength, IReadOnlyList<short[]> inputs, string directory)
    {
        var net = type.Name;
        File.WriteAllText(Path.Combine(directory, export.HeaderName), export.Header, Encoding.ASCII);
        File.WriteAllText(Path.Combine(directory, export.SourceName), export.Source, Encoding.ASCII);
        File.WriteAllText(Path.Combine(directory, "main.c"), Driver(net, layers, outputLength));
        using (var file = File.Create(Path.Combine(directory, "inputs.bin")))
        {
            foreach (var input in inputs)
            {
                file.Write(MemoryMarshal.AsBytes(input.AsSpan()));
            }
        }

        CToolchain.Run("clang-14", [.. CToolchain.WarningFlags, "-DUNIT_HOST_MULTIPLIER", "-DUNIT_COUNT_EVENTS", "-o", "host", "main.c", export.SourceName], directory);
        var lines = CToolchain.Run(Path.Combine(directory, "host"), ["inputs.bin"], directory).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var layout = (LedgerLayout)type.GetProperty("LedgerLayout", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var infer = type.GetMethod("InferQ15", [typeof(ReadOnlySpan<short>), typeof(Span<short>), typeof(InferenceLedger)])!.CreateDelegate<InferQ15WithLedger>();
        var ledger = new InferenceLedger(layout);
        for (var d = 0; d < inputs.Count; d++)
        {
            var expected = new short[outputLength];
            infer(inputs[d], expected, ledger);
            Assert.True(string.Join(" ", expected.Select(v => v.ToString(CultureInfo.InvariantCulture))) == lines[d].Trim(),
                $"{net} input {d}: C# [{string.Join(" ", expected)}], C [{lines[d].Trim()}]");
        }

        Assert.Equal(inputs.Count.ToString(CultureInfo.InvariantCulture), lines[inputs.Count].Trim());
        for (var layer = 0; layer < layers; layer++)
        {
            var counts = lines[inputs.Count + 1 + layer].Trim().Split(' ').Select(long.Parse).ToArray();
            for (var e = 0; e < EventCounts.EventKinds; e++)
            {
                Assert.True(ledger.Layer(layer)[(CostEvent)e] == counts[e], $"{net} layer {layer} {(CostEvent)e}: C# ledger {ledger.Layer(layer)[(CostEvent)e]}, C {counts[e]}");
            }
        }
    }

    /// <summary>Reads Q15 inputs from a file, prints each output row, then the inference count and one counter row per layer.</summary>
    private static string Driver(string net, int layers, int outputs) => $$"""
        #include <stdio.h>
        #include "{{net}}.h"

        int main(int argc, char **argv)
        {
            static {{net}}_counters counters;
            int16_t in[{{net.ToUpperInvariant()}}_INPUT_LENGTH];
            int16_t out[{{outputs}}];
            FILE *file = argc > 1 ? fopen(argv[1], "rb") : NULL;
            if (file == NULL) { return 2; }
            while (fread(in, sizeof in[0], {{net.ToUpperInvariant()}}_INPUT_LENGTH, file) == {{net.ToUpperInvariant()}}_INPUT_LENGTH)
            {
                {{net}}_infer_counted(in, out, &counters);
                for (int i = 0; i < {{outputs}}; i++) { printf("%d ", out[i]); }
                printf("\n");
            }

            fclose(file);
            printf("%lu\n", (unsigned long)counters.inferences);
            for (int l = 0; l < {{layers}}; l++)
            {
                for (int e = 0; e < {{net.ToUpperInvariant()}}_EVENT_COUNT; e++) { printf("%lu ", (unsigned long)counters.events[l][e]); }
                printf("\n");
            }

            return 0;
        }
        """;
}
