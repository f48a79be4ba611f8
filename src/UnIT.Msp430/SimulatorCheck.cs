using System.Globalization;
using UnIT.Costs;
using UnIT.Generators.Exporting;
using UnIT.Ledger;

namespace UnIT.Msp430;

/// <summary>A generated class's <c>InferQ15(input, output, ledger)</c>: the C# kernels the C is checked against.</summary>
public delegate void InferQ15WithLedger(ReadOnlySpan<short> input, Span<short> output, InferenceLedger ledger);

/// <summary>
/// One layer: the cost model's cycles and instructions next to what the simulator measured on the plain image (built
/// without event counters, the code a user ships), each averaged over the inputs.
/// </summary>
/// <param name="Label">The ledger label.</param>
/// <param name="Implementation">The layer's kernel.</param>
/// <param name="LedgerCycles">Cycles the C# ledger prices the layer's events at (the profile: TI's CPUXV2 table and FRAM wait states).</param>
/// <param name="LedgerCyclesByMspdebugRules">The same events' sequences priced by mspdebug 0.22's rules (<see cref="MspdebugTiming"/>): what MCLK should be.</param>
/// <param name="LedgerInstructions">The events' sequences' instructions.</param>
/// <param name="Mclk">MCLK cycles on the simulator.</param>
/// <param name="Instructions">Instructions on the simulator.</param>
public sealed record LayerComparison(
    string Label, KernelImplementation Implementation, double LedgerCycles, double LedgerCyclesByMspdebugRules, double LedgerInstructions, double Mclk, double Instructions);

/// <summary>
/// A network's C export run on the simulator next to its C# kernels on the same Q15 inputs: whether outputs and counters
/// agree bit for bit (an image with event counters), and the cost model's cycles, flash and RAM next to the simulator's
/// and the ELF's (a plain image: the counters' own instructions would inflate MCLK, by up to 70 % on a ReLU).
/// </summary>
/// <param name="Export">What was run.</param>
/// <param name="Simulation">What the simulator measured on the counting image (outputs and events).</param>
/// <param name="Plain">What it measured on the plain image, the code a user ships: MCLK, instructions, flash and RAM.</param>
/// <param name="Layers">Per layer: the ledger's cycles (both prices) and instructions, and the plain image's MCLK and instructions.</param>
/// <param name="BitExactInputs">Inputs whose outputs and every counter equal the C# kernels' and ledger's.</param>
/// <param name="Mismatches">The first differences found (empty when everything agrees).</param>
public sealed record SimulatorCheck(
    CNetworkExport Export, NetworkSimulationResult Simulation, NetworkSimulationResult Plain, IReadOnlyList<LayerComparison> Layers, int BitExactInputs,
    IReadOnlyList<string> Mismatches)
{
    private const int MaxMismatches = 5;

    /// <summary>Inputs run.</summary>
    public int Inputs => Simulation.Inferences.Count;

    /// <summary>Whether every input agreed bit for bit.</summary>
    public bool BitExact => BitExactInputs == Inputs;

    /// <summary>Runs <paramref name="inputs"/> through the C# kernels (<paramref name="infer"/>, ledger rows <paramref name="layout"/>) and on the simulator.</summary>
    public static SimulatorCheck Run(
        Msp430Toolchain toolchain, CNetworkExport export, LedgerLayout layout, InferQ15WithLedger infer, IReadOnlyList<short[]> inputs, string? workDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(infer);
        ArgumentNullException.ThrowIfNull(inputs);
        var simulation = NetworkSimulation.Run(toolchain, export, inputs, workDirectory);
        var plain = NetworkSimulation.Run(
            toolchain, export, inputs, workDirectory is null ? null : Path.Combine(workDirectory, "plain"), simulation.LayerByLayer, countEvents: false);
        var total = new InferenceLedger(layout);
        var mismatches = new List<string>();
        var exact = 0;
        for (var d = 0; d < inputs.Count; d++)
        {
            var ledger = new InferenceLedger(layout);
            var expected = new short[export.OutputLength];
            infer(inputs[d], expected, ledger);
            infer(inputs[d], new short[export.OutputLength], total);
            var run = simulation.Inferences[d];
            var problems = new List<string>();
            if (!expected.SequenceEqual(run.Output))
            {
                problems.Add($"input {d}: outputs [{string.Join(' ', run.Output)}], C# [{string.Join(' ', expected)}]");
            }

            for (var l = 0; l < export.Layers.Count; l++)
            {
                for (var e = 0; e < export.EventKinds; e++)
                {
                    if (ledger.Layer(l)[(CostEvent)e] != run.Layers[l].Events[e])
                    {
                        problems.Add(string.Create(CultureInfo.InvariantCulture,
                            $"input {d}, {export.Layers[l].Label}, {(CostEvent)e}: simulator {run.Layers[l].Events[e]}, C# ledger {ledger.Layer(l)[(CostEvent)e]}"));
                    }
                }
            }

            exact += problems.Count == 0 ? 1 : 0;
            mismatches.AddRange(problems.Take(MaxMismatches - mismatches.Count));
        }

        var profile = CostProfile.For(layout.Profile);
        var means = plain.MeanPerLayer;
        var layers = export.Layers.Select(l => new LayerComparison(
            l.Label,
            l.Implementation,
            profile.Cycles(total.Layer(l.Index)) / inputs.Count,
            (double)MspdebugTiming.Cycles(profile, total.Layer(l.Index)) / inputs.Count,
            (double)MspdebugTiming.Instructions(profile, total.Layer(l.Index)) / inputs.Count,
            means[l.Index].Mclk,
            means[l.Index].Instructions)).ToArray();
        return new SimulatorCheck(export, simulation, plain, layers, exact, mismatches);
    }
}
