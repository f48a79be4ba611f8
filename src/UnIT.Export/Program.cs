using System.Reflection;
using UnIT;
using UnIT.Msp430;

// The build-time C export (see UnIT.Export.csproj): writes <Class>.h/.c for the generated [UnitNetwork] classes of a
// built assembly. Run by UnIT.Generators.targets (target UnitExportC):
//
//   dotnet exec UnIT.Export.dll --assembly <App.dll> --out <folder> [--classes <names>] [--written <list file>]
//
// --classes: simple or full class names separated by ';' or ',' (UnitExportCClasses). Without them, every Q15
// [UnitNetwork] class is written (the C backend writes Q15 only; the others are skipped with a message). --written
// receives the full paths of the files, one a line (the targets check that they still exist before skipping the export
// as up to date). A problem is one line on stderr, "UNITB005: <message>", and exit code 1; the targets turn that line
// into one MSBuild error at the project.
return Exporter.Run(args, Console.Out, Console.Error);

/// <summary>The command line above.</summary>
internal static class Exporter
{
    /// <summary>The prefix of the one error line; the targets look for it.</summary>
    public const string ErrorPrefix = "UNITB005: ";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? assembly = null, folder = null, written = null;
        var classes = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--assembly" when value is not null: assembly = value; i++; break;
                case "--out" when value is not null: folder = value; i++; break;
                case "--classes" when value is not null:
                    classes.AddRange(value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    i++;
                    break;
                case "--written" when value is not null: written = value; i++; break;
                default:
                    error.WriteLine($"{ErrorPrefix}the C exporter does not understand '{args[i]}' (usage: --assembly <App.dll> --out <folder> [--classes <names>] [--written <file>]); the package's targets and exporter come from different versions, restore the package again.");
                    return 1;
            }
        }

        if (assembly is null || folder is null)
        {
            error.WriteLine($"{ErrorPrefix}the C exporter needs --assembly and --out.");
            return 1;
        }

        string? current = null; // what was being done, for the message: the class filter or the class being exported
        try
        {
            var loaded = BuiltAssembly.Load(new FileInfo(assembly));
            current = classes.Count == 0 ? null : "UnitExportCClasses";
            var networks = classes.Count == 0
                ? BuiltAssembly.Networks(loaded)
                : [.. classes.Select(c => BuiltAssembly.Class(loaded, c)).Distinct()];
            if (networks.Count == 0)
            {
                // Not an error: the package's targets flow to every project that references a project using the
                // package (buildTransitive), and a switch set for a whole solution reaches projects with no network.
                output.WriteLine($"UnIT: {Path.GetFileName(assembly)} has no [UnitNetwork] class; no C written.");
            }

            var paths = new List<string>();
            foreach (var network in networks)
            {
                current = "class " + network.FullName;
                var generated = GeneratedNetwork.Read(network);
                if (classes.Count == 0 && generated.Definition.Options.Format is var format && format != NumberFormat.Q15)
                {
                    // The C backend writes Q15 only; a Float32 network among Q15 ones is not a reason to fail the build.
                    // Named in UnitExportCClasses, it is: the export below then says why.
                    output.WriteLine($"UnIT: {network.FullName} computes in {format}; the C export writes Q15 networks only, so it is skipped.");
                    continue;
                }

                var files = BuiltNetworkExport.Write(BuiltNetworkExport.Export(generated), new DirectoryInfo(folder));
                output.WriteLine($"UnIT: exported {network.FullName} as C: {string.Join(", ", files)}");
                paths.AddRange(files);
            }

            if (written is not null)
            {
                File.WriteAllLines(written, paths);
            }

            return 0;
        }
        catch (Exception problem) when (problem is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException
            or BadImageFormatException or TargetInvocationException or NotSupportedException)
        {
            // One line: the targets report it as the build's one error for this step, at the project file.
            var cause = problem is TargetInvocationException { InnerException: { } inner } ? inner : problem;
            var message = cause is ArgumentException { ParamName: { } parameter }
                ? cause.Message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal)
                : cause.Message;
            error.WriteLine($"{ErrorPrefix}UnitExportC: {(current is null ? string.Empty : current + ": ")}{message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }
}
