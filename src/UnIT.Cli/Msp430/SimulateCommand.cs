using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UnIT.Calibration.UserData;
using UnIT.Ledger;
using UnIT.Msp430;
using UnIT.Resources;
using UnIT.Semantics;
using UnIT.Training.Data;

namespace UnIT.Cli;

/// <summary>
/// <c>unit simulate</c>: a [UnitNetwork] class's C export run on mspdebug's MSP430 simulator next to its C# kernels:
/// per layer the ledger's cycles, the simulator's MCLK and instructions; flash and RAM estimates next to the ELF's; and
/// whether outputs and counters agree bit for bit.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var assembly = CommonOptions.Assembly();
        assembly.Required = true;
        var className = CommonOptions.Class();
        className.Required = true;
        var inputs = new Option<int>("--inputs", "-n")
        {
            Description = "How many inputs to run (the first of the MNIST test digits, or of --data).",
            DefaultValueFactory = _ => 5,
            HelpName = "count",
        };
        inputs.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--inputs: run at least one input.");
            }
        });
        var data = new Option<FileInfo?>("--data")
        {
            Description = "Your own inputs instead of MNIST digits: a .npy of shape (N, …) with the network's input size per row, as `unit calibrate --inputs` takes (rows in the order of its fixed shuffle).",
            HelpName = "inputs.npy",
        };
        var work = new Option<DirectoryInfo?>("--work")
        {
            Description = "Folder for the C, linker script and ELF images (kept); a temporary folder, deleted afterwards, when not given.",
            HelpName = "folder",
        };
        var command = new Command("simulate", """
            Run a [UnitNetwork] class of your built project on mspdebug's MSP430 simulator: export its C (as `unit export-c`),
            build it with clang-14 and ld.lld-14 for the MSP430FR5994 memory map, run the inputs, and print per layer the
            C# ledger's cycles next to the simulator's MCLK and instructions, the flash and RAM estimates next to the ELF's
            sections and the stack high-water mark, and whether outputs and counters equal the C# kernels' bit for bit.
            A network too large for one image below 64 KB runs layer by layer (one image per layer).
            Needs clang-14, lld-14 and mspdebug (apt-get install clang-14 lld-14 mspdebug).

            Example:
              unit simulate --assembly bin/Release/net10.0/App.dll --class LeNet --inputs 10
            """);
        foreach (var option in new Option[] { assembly, className, inputs, data, work })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            Msp430Toolchain toolchain;
            try
            {
                toolchain = Msp430Toolchain.Locate();
            }
            catch (Msp430ToolMissingException missing)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape(missing.Message)}");
                return 1;
            }

            var declared = DeclaredNetwork.Load(result.GetValue(assembly)!, result.GetValue(className)!);
            var export = BuiltNetworkExport.Export(declared.Generated);
            var (samples, what) = Samples(declared, result.GetValue(data), result.GetValue(inputs));
            var quantized = samples.Select(s => s.Select(x => Q15.Quantize(x, export.InputScale)).ToArray()).ToArray();
            var layout = declared.Generated.LedgerLayout;
            var infer = declared.Class.GetMethod("InferQ15", [typeof(ReadOnlySpan<short>), typeof(Span<short>), typeof(InferenceLedger)])?.CreateDelegate<InferQ15WithLedger>()
                ?? throw new ArgumentException($"--class {declared.Class.Name}: a {layout.Format} network; the C export and the simulator take Q15 networks.");
            var folder = result.GetValue(work)?.FullName;
            var temporary = folder is null ? Directory.CreateTempSubdirectory("unit-simulate-").FullName : null;
            try
            {
                console.MarkupLine($"Simulating [bold]{Markup.Escape(export.ClassName)}[/] on {Markup.Escape(what)}.");
                var check = SimulatorCheck.Run(toolchain, export, layout, infer, quantized, folder ?? temporary);
                Write(console, check);
                return check.BitExact ? 0 : 2;
            }
            finally
            {
                if (temporary is not null)
                {
                    Directory.Delete(temporary, recursive: true);
                }
            }
        });
        return command;
    }

    private static (float[][] Samples, string What) Samples(DeclaredNetwork declared, FileInfo? data, int count)
    {
        if (data is not null)
        {
            var rows = CalibrationSamples.Load(data.FullName, null, declared.Definition, declared.Weights, heldOutFraction: 0).Search;
            var taken = Math.Min(count, rows.Count);
            return (Enumerable.Range(0, taken).Select(i => rows.Sample(i).ToArray()).ToArray(), $"{taken} rows of {data.Name}");
        }

        var test = MnistDataset.Load(0, CommonOptions.PixelsFor(declared.Definition)).Test;
        var digits = Math.Min(count, test.Count);
        return (Enumerable.Range(0, digits).Select(i => test.Sample(i).ToArray()).ToArray(), $"the first {digits} MNIST test digits");
    }

    private static LayerComparison Total(IReadOnlyList<LayerComparison> layers) => new(
        "total",
        KernelImplementation.Auto,
        layers.Sum(l => l.LedgerCycles),
        layers.Sum(l => l.LedgerCyclesByMspdebugRules),
        layers.Sum(l => l.LedgerInstructions),
        layers.Sum(l => l.Mclk),
        layers.Sum(l => l.Instructions));

    private static void Write(IAnsiConsole console, SimulatorCheck check)
    {
        var simulation = check.Simulation;
        var table = new Table
        {
            Title = new TableTitle(simulation.LayerByLayer
                ? $"per layer, mean of {check.Inputs} inputs (layer by layer: {simulation.Images} images, the whole network does not fit below 64 KB)"
                : $"per layer, mean of {check.Inputs} inputs"),
        }.AddColumns("layer", "kernel", "ledger cycles (TI)", "ledger, mspdebug's rules", "simulator MCLK", "ledger / MCLK", "ledger instructions", "instructions", "ledger / instructions");
        foreach (var layer in check.Layers.Append(Total(check.Layers)))
        {
            table.AddRow(
                Markup.Escape(layer.Label),
                layer.Implementation == KernelImplementation.Auto ? string.Empty : layer.Implementation.ToString(),
                Invariant($"{layer.LedgerCycles:N0}"),
                Invariant($"{layer.LedgerCyclesByMspdebugRules:N0}"),
                Invariant($"{layer.Mclk:N0}"),
                layer.Mclk > 0 ? Invariant($"{layer.LedgerCyclesByMspdebugRules / layer.Mclk:0.00}") : string.Empty,
                Invariant($"{layer.LedgerInstructions:N0}"),
                Invariant($"{layer.Instructions:N0}"),
                layer.Instructions > 0 ? Invariant($"{layer.LedgerInstructions / layer.Instructions:0.00}") : string.Empty);
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(
            "Cycles and instructions are the plain image's (no event counters). \"ledger, mspdebug's rules\" prices the ledger's sequences as the simulator does; the ledger's own cycles are TI's CPUXV2 prices with FRAM wait states (docs/cost-model.md)."));

        var plain = check.Plain;
        var images = plain.LayerByLayer ? "sum of the per-layer images" : "the image";
        console.MarkupLine(Invariant($"flash: estimate {check.Export.FlashBytesEstimate:N0} B; plain ELF .text+.rodata {plain.FlashBytes:N0} B ({images})"));
        console.MarkupLine(Invariant(
            $"RAM: estimate {check.Export.RamBytesEstimate:N0} B (input, output, activation arena, {NetworkResources.StackReserveBytes} B of stack); used {plain.RamUsedBytes:N0} B: plain ELF .data+.bss {plain.RamBytes:N0} B + .persistent (the arena in FRAM) {plain.PersistentBytes:N0} B + stack high-water {plain.StackBytes:N0} B"));
        console.MarkupLine(check.BitExact
            ? Invariant($"[green]bit-exact[/]: outputs and every counter equal the C# kernels' and ledger's on all {check.Inputs} inputs.")
            : Invariant($"[red]not bit-exact[/] on {check.Inputs - check.BitExactInputs} of {check.Inputs} inputs:"));
        foreach (var mismatch in check.Mismatches)
        {
            console.MarkupLine("  " + Markup.Escape(mismatch));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
