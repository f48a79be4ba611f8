using System.Globalization;
using System.Text.RegularExpressions;

namespace UnIT.Msp430;

/// <summary>
/// The mspdebug command line for a batch of runs, and the reading of its output. mspdebug runs its command-line
/// arguments in order and stops at the first that fails, so one process serves many runs without an interactive
/// protocol. Each command whose output is read is preceded by the marker command <c>= 1</c>, which prints a line
/// starting with <see cref="MarkerLine"/>; the output is split at those lines into one block per read command.
/// </summary>
internal sealed partial class MspdebugScript
{
    /// <summary>Word at the return address: <c>JMP $</c>, so a run that is resumed after it returned stays put.</summary>
    private const string TrapBytes = "ff 3f";
    private const string Marker = "= 1";
    private const string MarkerLine = "0x00001 ";
    private const byte StackFill = 0xCD;
    private const int BytesPerWrite = 64;

    private readonly Msp430Image image;
    private readonly List<string> commands = [];
    private readonly List<Func<string, object>> blockReaders = [];

    public MspdebugScript(Msp430Image image, IReadOnlyList<int> breakpoints)
    {
        this.image = image;
        commands.AddRange(["opt color false", "simio add hwmult mpy", "simio add tracer tr", $"prog {FileName(image)}"]);
        commands.Add($"mw 0x{SimulatorSession.ReturnAddress:x4} {TrapBytes}");
        commands.AddRange(breakpoints.Append(SimulatorSession.ReturnAddress).Select(a => $"setbreak 0x{a:x4}"));
    }

    /// <summary>The arguments after the driver name, in order.</summary>
    public IReadOnlyList<string> Commands => commands;

    /// <summary>Approximate length of the command line, to keep batches well under the operating system's limit.</summary>
    public int Length => commands.Sum(c => c.Length + 1);

    /// <summary>Adds one run; <paramref name="first"/> says the image was just loaded by <c>prog</c>.</summary>
    public void AddRun(ResolvedRun run, bool first)
    {
        if (!first)
        {
            // Restores code and initialised data the previous run may have changed (prog already did it for the first).
            commands.Add($"load {FileName(image)}");
        }

        var ramFree = image.RamFree;
        commands.Add(Hex($"fill 0x{ramFree:x4} {Msp430MemoryMap.SramEnd - ramFree} {StackFill:x2}"));
        // Zero-initialised data, and the variables kept in FRAM (a layer image's counters among them), start at zero.
        foreach (var zeroed in image.Elf.Sections.Where(s => s.Allocated && s.Size > 0 && s.Name is ".bss" or ".persistent"))
        {
            commands.Add(Hex($"fill 0x{zeroed.Address:x4} {zeroed.Size} 00"));
        }

        foreach (var (address, bytes) in run.Writes)
        {
            for (var at = 0; at < bytes.Count; at += BytesPerWrite)
            {
                var chunk = bytes.Skip(at).Take(BytesPerWrite).Select(b => b.ToString("x2", CultureInfo.InvariantCulture));
                commands.Add(Hex($"mw 0x{address + at:x4} ") + string.Join(' ', chunk));
            }
        }

        var stackPointer = Msp430MemoryMap.SramEnd - 2;
        commands.Add(Hex($"mw 0x{stackPointer:x4} {SimulatorSession.ReturnAddress & 0xFF:x2} {SimulatorSession.ReturnAddress >> 8:x2}"));
        commands.Add(Hex($"set sp 0x{stackPointer:x4}"));
        commands.Add("set sr 0");
        for (var i = 0; i < run.Arguments.Count; i++)
        {
            commands.Add(Hex($"set r{12 + i} 0x{run.Arguments[i]:x4}"));
        }

        commands.Add(Hex($"set pc 0x{run.Entry:x4}"));
        commands.Add("simio config tr clear");
        for (var stop = 0; stop < run.StopCount; stop++)
        {
            Read(["run", "simio info tr"], ReadStop);
            if (stop < run.Stops.Count)
            {
                AddReads(run.ReadsAtStops);
            }
        }

        AddReads(run.Reads);

        Read([Hex($"md 0x{ramFree:x4} {Msp430MemoryMap.SramEnd - ramFree}")], block => StackUsed(ReadMemory(block, Msp430MemoryMap.SramEnd - ramFree), ramFree));
    }

    /// <summary>Splits mspdebug's output into the blocks the read commands produced and reads each.</summary>
    public IReadOnlyList<object> ReadOutput(string output)
    {
        var blocks = new List<string>();
        var marker = "\n" + MarkerLine;
        var at = output.StartsWith(MarkerLine, StringComparison.Ordinal) ? 0 : output.IndexOf(marker, StringComparison.Ordinal);
        while (at >= 0)
        {
            var start = output.IndexOf('\n', at + 1);
            var next = start < 0 ? -1 : output.IndexOf(marker, start, StringComparison.Ordinal);
            blocks.Add(start < 0 ? string.Empty : output[(start + 1)..(next < 0 ? output.Length : next + 1)]);
            at = next;
        }

        if (blocks.Count != blockReaders.Count)
        {
            throw new Msp430ToolException($"mspdebug printed {blocks.Count} of the {blockReaders.Count} expected results:\n{output}");
        }

        return blocks.Select((b, i) => blockReaders[i](b)).ToArray();
    }

    private static StopReading ReadStop(string block)
    {
        var pc = ProgramCounter().Match(block);
        var instructions = InstructionCount().Match(block);
        var mclk = MclkCount().Match(block);
        if (!pc.Success || !instructions.Success || !mclk.Success)
        {
            throw new Msp430ToolException($"Unexpected mspdebug output after run:\n{block}");
        }

        return new StopReading(
            int.Parse(pc.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            long.Parse(instructions.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(mclk.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Reads <c>md</c> lines (<c>    01c00: 01 00 ff … |ascii|</c>) by hand: the stack read makes megabytes of them.</summary>
    private static byte[] ReadMemory(string block, int length)
    {
        var bytes = new byte[length];
        var count = 0;
        foreach (var line in block.AsSpan().EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon < 0 || line.IsEmpty || line[0] != ' ')
            {
                continue;
            }

            var hex = line[(colon + 1)..];
            var bar = hex.IndexOf('|');
            var data = bar < 0 ? hex : hex[..bar];
            foreach (var range in data.Split(' '))
            {
                var token = data[range];
                if (token.Length == 2 && count < length)
                {
                    bytes[count++] = byte.Parse(token, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                }
            }
        }

        return count == length
            ? bytes
            : throw new Msp430ToolException($"mspdebug returned {count} of {length} bytes:\n{block}");
    }

    /// <summary>Bytes between the lowest changed byte and the return address the harness put at the stack top.</summary>
    private static int StackUsed(byte[] free, int ramFree)
    {
        var lowest = Array.FindIndex(free, b => b != StackFill);
        var returnSlot = Msp430MemoryMap.SramEnd - 2;
        return lowest < 0 ? 0 : Math.Max(0, returnSlot - (ramFree + lowest));
    }

    private static string Hex(FormattableString command) => command.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The image's file name, which mspdebug opens relative to its working directory (the image's folder):
    /// <c>prog</c> and <c>load</c> take the rest of the line verbatim, so a folder with spaces could not be quoted.
    /// </summary>
    private static string FileName(Msp430Image image)
    {
        var name = Path.GetFileName(image.ElfPath);
        return name.Any(char.IsWhiteSpace) ? throw new ArgumentException($"mspdebug cannot load a file whose name has spaces: '{name}'.", nameof(image)) : name;
    }

    private void AddReads(IEnumerable<(string Symbol, int Address, int Length)> reads)
    {
        foreach (var (_, address, length) in reads)
        {
            Read([Hex($"md 0x{address:x4} {length}")], block => ReadMemory(block, length));
        }
    }

    private void Read(IEnumerable<string> read, Func<string, object> reader)
    {
        commands.Add(Marker);
        commands.AddRange(read);
        blockReaders.Add(reader);
    }

    [GeneratedRegex(@"\(\s*PC:\s*([0-9a-fA-F]+)\)")]
    private static partial Regex ProgramCounter();

    [GeneratedRegex(@"^Instruction count:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex InstructionCount();

    [GeneratedRegex(@"^MCLK:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex MclkCount();
}

/// <summary>Where a <c>run</c> halted and the tracer's cumulative counts at that point.</summary>
internal sealed record StopReading(int ProgramCounter, long Instructions, long Mclk);

/// <summary>A <see cref="SimulatorRun"/> with its symbols turned into addresses.</summary>
internal sealed record ResolvedRun(
    int Entry,
    IReadOnlyList<ushort> Arguments,
    IReadOnlyList<(int Address, IReadOnlyList<byte> Bytes)> Writes,
    IReadOnlyList<(string Name, int Address)> Stops,
    IReadOnlyList<(string Symbol, int Address, int Length)> Reads,
    IReadOnlyList<(string Symbol, int Address, int Length)> ReadsAtStops)
{
    /// <summary>Stops including the return from the entry function.</summary>
    public int StopCount => Stops.Count + 1;
}
