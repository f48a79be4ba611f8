using System.Globalization;

namespace UnIT.Msp430;

/// <summary>
/// The Debian tools that build and simulate MSP430 code: <c>clang-14</c> (package clang-14), <c>ld.lld-14</c>
/// (package lld-14) and <c>mspdebug</c> (package mspdebug). <see cref="Locate()"/> finds them on the PATH.
/// </summary>
public sealed class Msp430Toolchain
{
    private static readonly (string Tool, string Package)[] Required =
    [
        ("clang-14", "clang-14"),
        ("ld.lld-14", "lld-14"),
        ("mspdebug", "mspdebug"),
    ];

    private static readonly string[] CompilerFlags =
    [
        "--target=msp430", "-O2", "-std=c99", "-Wall", "-Wextra",
        // Freestanding: no C library, no startup code; every function lands in its own section so the link can drop
        // what the roots do not reach.
        "-ffreestanding", "-fno-builtin", "-nostdlib", "-ffunction-sections", "-fdata-sections",
    ];

    private Msp430Toolchain(string clang, string linker, string mspdebug)
    {
        Clang = clang;
        Linker = linker;
        Mspdebug = mspdebug;
    }

    /// <summary>Path of clang-14.</summary>
    public string Clang { get; }

    /// <summary>Path of ld.lld-14.</summary>
    public string Linker { get; }

    /// <summary>Path of mspdebug.</summary>
    public string Mspdebug { get; }

    /// <summary>Finds the tools on the PATH; throws <see cref="Msp430ToolMissingException"/> naming every missing package.</summary>
    public static Msp430Toolchain Locate() => Locate(Environment.GetEnvironmentVariable("PATH") ?? string.Empty);

    /// <summary>Finds the tools in the folders of <paramref name="searchPath"/> (PATH syntax).</summary>
    public static Msp430Toolchain Locate(string searchPath)
    {
        ArgumentNullException.ThrowIfNull(searchPath);
        var folders = searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var found = Required.Select(r => (r.Tool, r.Package, Path: folders.Select(f => Path.Combine(f, r.Tool)).FirstOrDefault(File.Exists))).ToArray();
        var missing = found.Where(f => f.Path is null).ToArray();
        if (missing.Length > 0)
        {
            throw new Msp430ToolMissingException(
                "The MSP430 toolchain is incomplete: "
                + string.Join(", ", missing.Select(m => $"{m.Tool} (Debian package {m.Package})"))
                + " not found on the PATH. Install with: apt-get install "
                + string.Join(' ', missing.Select(m => m.Package)) + " (.ci/run does this on CI).");
        }

        return new Msp430Toolchain(found[0].Path!, found[1].Path!, found[2].Path!);
    }

    /// <summary>
    /// Compiles every <c>.c</c> source with <c>clang-14 --target=msp430 -O2 -Wall -Wextra</c> (freestanding) and links
    /// them with <c>ld.lld-14 -m msp430elf</c> and <see cref="Msp430MemoryMap.LinkerScript"/>. No library is linked, so a
    /// call the compiler turns into a runtime helper (a libcall) fails the link. Throws <see cref="Msp430ToolException"/>
    /// with the tool's diagnostic when compiling or linking fails.
    /// </summary>
    public Msp430Image Build(IEnumerable<CSource> sources, Msp430BuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        var files = sources.ToArray();
        if (!files.Any(f => f.IsTranslationUnit))
        {
            throw new ArgumentException("At least one .c source is needed.", nameof(sources));
        }

        var folder = options.OutputDirectory ?? Directory.CreateTempSubdirectory("unit-msp430-").FullName;
        Directory.CreateDirectory(folder);
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(folder, file.FileName), file.Text);
        }

        var objects = files.Where(f => f.IsTranslationUnit).Select(f => Compile(folder, f.FileName, options)).ToArray();
        var script = Path.Combine(folder, "fr5994-sim.ld");
        File.WriteAllText(script, Msp430MemoryMap.LinkerScript(options.StackReserveBytes, options.RamStart, options.CodeInRam));
        var image = Path.Combine(folder, options.ImageName);
        var arguments = new List<string> { "-m", "msp430elf", "-T", script, "-o", image };
        if (options.Roots.Count > 0)
        {
            arguments.AddRange(["--gc-sections", "-e", options.Roots[0]]);
            arguments.AddRange(options.Roots.Skip(1).SelectMany(r => new[] { "-u", r }));
        }

        arguments.AddRange(objects);
        var link = ToolProcess.Run(Linker, arguments, options.ToolTimeout, folder);
        if (link.ExitCode != 0)
        {
            var hint = link.StandardError.Contains("undefined symbol: __mspabi_", StringComparison.Ordinal)
                    || link.StandardError.Contains("undefined symbol: mem", StringComparison.Ordinal)
                ? " The code needs a runtime helper (a libcall); the harness links no library, so the C must avoid it."
                : string.Empty;
            var message = $"ld.lld-14 failed (exit {link.ExitCode}).{hint}\n{link.StandardError}{link.StandardOutput}";
            throw link.StandardError.Contains("will not fit in region", StringComparison.Ordinal)
                    || link.StandardError.Contains("bytes of SRAM are left for the stack", StringComparison.Ordinal)
                ? new Msp430ImageTooLargeException(message)
                : new Msp430ToolException(message);
        }

        var result = Msp430Image.Open(image);
        var stray = result.Elf.Sections.Where(s => s.Allocated && s.Size > 0 && s.Name is not (".text" or ".rodata" or ".persistent" or ".data" or ".bss")).ToArray();
        if (stray.Length > 0)
        {
            throw new Msp430ToolException(
                "The image has sections the FR5994 linker script does not place: " + string.Join(", ", stray.Select(s => s.Name)) + ".");
        }

        return result;
    }

    private string Compile(string folder, string fileName, Msp430BuildOptions options)
    {
        var output = Path.ChangeExtension(fileName, ".o");
        var arguments = new List<string>(CompilerFlags);
        if (options.WarningsAsErrors)
        {
            arguments.Add("-Werror");
        }

        arguments.AddRange(options.Defines.Select(d => string.Create(CultureInfo.InvariantCulture, $"-D{d.Key}={d.Value}")));
        arguments.AddRange(["-c", fileName, "-o", output]);
        var compile = ToolProcess.Run(Clang, arguments, options.ToolTimeout, folder);
        if (compile.ExitCode != 0)
        {
            throw new Msp430ToolException($"clang-14 could not compile {fileName} (exit {compile.ExitCode}):\n{compile.StandardError}{compile.StandardOutput}");
        }

        return Path.Combine(folder, output);
    }
}
