using System.Text;
using Spectre.Console;
using UnIT.Ledger;
using UnIT.Model;
using UnIT.Msp430;
using UnIT.Semantics;
using UnIT.Training.Data;

namespace Mnist.Reporting;

/// <summary>
/// The report's MSP430 section (docs/msp430-c.md): a few Q15 classes exported as C and run on mspdebug's simulator
/// next to their C# kernels, per layer the ledger's cycles against the simulator's MCLK and instructions, and the flash
/// and RAM estimates against the ELF's sections and the stack high-water mark. The gaps are shown as they are. Without
/// the tools the section is one line that says how to install them.
/// </summary>
internal sealed class SimulatorSection
{
    /// <summary>
    /// The pruned model alone, and the dense and structured models with UnIT's Bucketed and Sorted kernels (the dense one
    /// layer by layer): three classes keep the section's builds within the main job's time.
    /// </summary>
    private static readonly (Type Class, InferQ15WithLedger Infer)[] Classes =
    [
        (typeof(MnistPrunedQ15), MnistPrunedQ15.InferQ15),
        (typeof(MnistDenseQ15ReciprocalLutBucketed), MnistDenseQ15ReciprocalLutBucketed.InferQ15),
        (typeof(MnistStructuredQ15ReciprocalLutSorted), MnistStructuredQ15ReciprocalLutSorted.InferQ15),
    ];

    private static readonly string[] LayerHeaders =
        ["class", "layer", "kernel", "ledger cycles (TI)", "ledger, mspdebug's rules", "simulator MCLK", "ledger / MCLK", "ledger instructions", "instructions"];

    private static readonly string[] MemoryHeaders =
        ["class", "images", "bit-exact", "flash estimate", "ELF .text+.rodata", "RAM estimate", "RAM used", "ELF .data+.bss", ".persistent (FRAM)", "stack high-water"];

    private readonly IReadOnlyList<SimulatorCheck> _checks;
    private readonly string? _problem;
    private readonly int _digits;

    private SimulatorSection(IReadOnlyList<SimulatorCheck> checks, string? problem, int digits)
    {
        _checks = checks;
        _problem = problem;
        _digits = digits;
    }

    /// <summary>Runs the first <paramref name="digits"/> test digits through each class on the simulator; a missing tool or a failed build becomes the section's one line.</summary>
    public static SimulatorSection Measure(int digits)
    {
        try
        {
            var toolchain = Msp430Toolchain.Locate();
            var checks = Classes.Select(c => Check(toolchain, c.Class, c.Infer, digits)).ToArray();
            return new SimulatorSection(checks, null, digits);
        }
        catch (Exception problem) when (problem is Msp430ToolMissingException or Msp430ToolException)
        {
            return new SimulatorSection([], problem.Message.Split('\n')[0], digits);
        }
    }

    private static SimulatorCheck Check(Msp430Toolchain toolchain, Type network, InferQ15WithLedger infer, int digits)
    {
        var export = BuiltNetworkExport.Export(network);
        var definition = (NetworkDefinition)network.GetProperty("Definition")!.GetValue(null)!;
        var layout = (LedgerLayout)network.GetProperty("LedgerLayout")!.GetValue(null)!;
        var test = MnistDataset.Load(0, definition.Options.FoldsInputNormalization ? MnistPixels.UnitInterval : MnistPixels.Normalized).Test;
        var inputs = Enumerable.Range(0, digits).Select(i => test.Sample(i).ToArray().Select(x => Q15.Quantize(x, export.InputScale)).ToArray()).ToArray();
        var folder = Directory.CreateTempSubdirectory("mnist-simulator-").FullName;
        try
        {
            return SimulatorCheck.Run(toolchain, export, layout, infer, inputs, folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private IEnumerable<string[]> LayerRows() =>
        from check in _checks
        from layer in check.Layers
        select new[]
        {
            check.Export.ClassName, layer.Label, layer.Implementation == UnIT.KernelImplementation.Auto ? string.Empty : layer.Implementation.ToString(),
            Text.Count(layer.LedgerCycles), Text.Count(layer.LedgerCyclesByMspdebugRules), Text.Count(layer.Mclk),
            layer.Mclk > 0 ? Text.F($"{layer.LedgerCyclesByMspdebugRules / layer.Mclk:0.00}") : string.Empty,
            Text.Count(layer.LedgerInstructions), Text.Count(layer.Instructions),
        };

    private IEnumerable<string[]> MemoryRows() =>
        from check in _checks
        let s = check.Plain
        select new[]
        {
            check.Export.ClassName, s.LayerByLayer ? Text.F($"{s.Images} (layer by layer)") : "1", Text.F($"{check.BitExactInputs} of {check.Inputs}"),
            Text.Count(check.Export.FlashBytesEstimate), Text.Count(s.FlashBytes), Text.Count(check.Export.RamBytesEstimate), Text.Count(s.RamUsedBytes),
            Text.Count(s.RamBytes), Text.Count(s.PersistentBytes), Text.Count(s.StackBytes),
        };

    /// <summary>Prints the section's tables (or its one line).</summary>
    public void Print(IAnsiConsole console)
    {
        if (_problem is not null)
        {
            console.MarkupLine(Markup.Escape("MSP430 simulator: not run. " + _problem));
            return;
        }

        console.Write(Report.Table(Text.F($"MSP430 simulator: ledger vs MCLK per layer (mean of {_digits} test digits)"), LayerHeaders, LayerRows()));
        console.Write(Report.Table("MSP430 simulator: flash and RAM, estimate vs ELF", MemoryHeaders, MemoryRows()));
    }

    /// <summary>The Markdown section.</summary>
    public string Markdown()
    {
        var md = new StringBuilder("\n## On the MSP430 simulator\n\n");
        if (_problem is not null)
        {
            return md.Append("Not run: ").Append(_problem).Append('\n').ToString();
        }

        md.Append(Text.F($"Each class exported as C (`unit export-c`) and run on mspdebug's simulator (`unit simulate`; docs/msp430-c.md) on the first {_digits} test digits. "));
        md.Append("Outputs and every ledger counter are compared with the C# kernels (an image with event counters); cycles and instructions are those of the plain image, against the ledger's: its own cycles (TI's CPUXV2 prices and FRAM wait states, the profile) and its sequences priced by mspdebug's rules (classic MSP430 cycle tables, no wait states), which is what MCLK should be. A network that does not fit one image below 64 KB runs layer by layer; its flash is then the sum of the per-layer images. The RAM estimate is the program's: input and output buffers, the activation arena and the " + Text.Count(UnIT.Resources.NetworkResources.StackReserveBytes) + " B stack reserve; RAM used is the plain image's variables (wherever they live) plus its stack high-water mark. The gaps are shown as they are.\n\n");
        md.Append(Report.MarkdownTable(LayerHeaders, LayerRows())).Append('\n');
        md.Append(Report.MarkdownTable(MemoryHeaders, MemoryRows())).Append('\n');
        return md.ToString();
    }
}
