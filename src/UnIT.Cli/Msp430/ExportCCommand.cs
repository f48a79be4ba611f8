using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UnIT.Msp430;

namespace UnIT.Cli;

/// <summary>
/// <c>unit export-c</c>: the MSP430 C99 of a [UnitNetwork] class in a built assembly, <c>&lt;Class&gt;.h/.c</c>, from the
/// same plan as its C# kernels (docs/msp430-c.md).
/// </summary>
internal static class ExportCCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var assembly = CommonOptions.Assembly();
        assembly.Required = true;
        var className = CommonOptions.Class();
        className.Required = true;
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Folder the files are written to (created if missing).",
            DefaultValueFactory = _ => new DirectoryInfo("."),
            HelpName = "folder",
        };
        var command = new Command("export-c", """
            Write a [UnitNetwork] class of your built project as C99 for the MSP430 (Q15, MPY32 profile): <Class>.h and <Class>.c
            with <Class>_infer(const int16_t *in, int16_t *out), weights and tables const (FRAM), activations in static
            buffers, products on the multiplier's registers, no allocation and no library calls; compiled with
            -DUNIT_COUNT_EVENTS, <Class>_infer_counted fills a counters struct that mirrors the C# ledger. The plan is the
            build's: same kernels, thresholds, tables and scales as the generated C# (docs/msp430-c.md).

            Example:
              unit export-c --assembly bin/Release/net10.0/App.dll --class LeNet --out firmware/
            """);
        command.Options.Add(assembly);
        command.Options.Add(className);
        command.Options.Add(output);
        command.SetAction(result =>
        {
            var declared = DeclaredNetwork.Load(result.GetValue(assembly)!, result.GetValue(className)!);
            var export = BuiltNetworkExport.Export(declared.Generated);
            foreach (var path in BuiltNetworkExport.Write(export, result.GetValue(output)!))
            {
                console.MarkupLine($"Wrote [green]{Markup.Escape(path)}[/].");
            }

            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"{export.Layers.Count} layers; the cost model estimates {export.FlashBytesEstimate:N0} B of flash and {export.RamBytesEstimate:N0} B of activation RAM. `unit simulate` runs it on mspdebug's simulator."));
            return 0;
        });
        return command;
    }
}
