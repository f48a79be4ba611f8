using System.Globalization;

namespace UnIT.Msp430;

/// <summary>
/// Runs an <see cref="Msp430Image"/> on <c>mspdebug sim</c>: the classic 16-bit MSP430 CPU with 64 KB of memory, the
/// <c>hwmult</c> multiplier at <see cref="Msp430MemoryMap.SimulatorMultiplierBase"/> and the <c>tracer</c> that
/// counts instructions and MCLK cycles. Every run starts from the image as linked (data reloaded, zero-initialised data
/// and FRAM-kept variables cleared, free SRAM filled with a pattern); several runs share one mspdebug process.
/// </summary>
public sealed class SimulatorSession
{
    /// <summary>Name of the last segment of every run: the entry function's return.</summary>
    public const string ReturnStop = "(return)";

    /// <summary>
    /// Address the entry function returns to: the first interrupt vector, never code in an image linked with
    /// <see cref="Msp430MemoryMap.LinkerScript"/>.
    /// </summary>
    internal const int ReturnAddress = Msp430MemoryMap.FramEnd;

    /// <summary>mspdebug's simulator has 32 breakpoint slots; one is the return.</summary>
    private const int MaxBreakpoints = 31;

    /// <summary>Keeps a batch's command line far below the operating system's argument limits.</summary>
    private const int MaxScriptLength = 256 * 1024;

    private readonly Msp430Toolchain toolchain;
    private readonly Msp430Image image;
    private readonly TimeSpan runTimeout;

    /// <summary>Prepares runs of <paramref name="image"/>; a batch of runs that takes longer than <paramref name="runTimeout"/> per run is stopped.</summary>
    public SimulatorSession(Msp430Toolchain toolchain, Msp430Image image, TimeSpan? runTimeout = null)
    {
        this.toolchain = toolchain ?? throw new ArgumentNullException(nameof(toolchain));
        this.image = image ?? throw new ArgumentNullException(nameof(image));
        this.runTimeout = runTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>Runs one input.</summary>
    public SimulatorRunResult Run(SimulatorRun run) => Run([run])[0];

    /// <summary>
    /// Runs every input, in order, in as few mspdebug processes as the command-line limit allows (runs that stop at
    /// different functions get their own process: a breakpoint set for one run would halt another). Throws
    /// <see cref="Msp430ToolException"/> when mspdebug fails, times out, or a run does not pass its stops in order.
    /// </summary>
    public IReadOnlyList<SimulatorRunResult> Run(IReadOnlyList<SimulatorRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var resolved = runs.Select(Resolve).ToArray();
        var results = new List<SimulatorRunResult>(runs.Count);
        var next = 0;
        while (next < resolved.Length)
        {
            var breakpoints = Breakpoints(resolved[next]);
            var script = new MspdebugScript(image, breakpoints);
            var batch = new List<ResolvedRun>();
            do
            {
                script.AddRun(resolved[next], batch.Count == 0);
                batch.Add(resolved[next++]);
            }
            while (next < resolved.Length && script.Length < MaxScriptLength && Breakpoints(resolved[next]).SequenceEqual(breakpoints));

            results.AddRange(Execute(script, batch));
        }

        return results;
    }

    private static int[] Breakpoints(ResolvedRun run)
    {
        var addresses = run.Stops.Select(s => s.Address).Distinct().Order().ToArray();
        return addresses.Length <= MaxBreakpoints
            ? addresses
            : throw new ArgumentException($"A run stops at {addresses.Length} functions; mspdebug's simulator has {MaxBreakpoints} breakpoints besides the return.", nameof(run));
    }

    private IEnumerable<SimulatorRunResult> Execute(MspdebugScript script, IReadOnlyList<ResolvedRun> batch)
    {
        var output = ToolProcess.Run(toolchain.Mspdebug, ["-q", "sim", .. script.Commands], runTimeout * batch.Count, Path.GetDirectoryName(Path.GetFullPath(image.ElfPath)));
        if (output.ExitCode != 0)
        {
            throw new Msp430ToolException($"mspdebug failed (exit {output.ExitCode}): {output.StandardError.Trim()}");
        }

        var readings = new Queue<object>(script.ReadOutput(output.StandardOutput));
        foreach (var run in batch)
        {
            var segments = new List<SimulatorSegment>();
            StopReading previous = new(0, 0, 0);
            for (var i = 0; i < run.StopCount; i++)
            {
                var (name, address) = i < run.Stops.Count ? run.Stops[i] : (ReturnStop, ReturnAddress);
                var stop = (StopReading)readings.Dequeue();
                if (stop.ProgramCounter != address)
                {
                    throw new Msp430ToolException(
                        $"The run of {NameAt(run.Entry)} stopped at {NameAt(stop.ProgramCounter)} where stop {i + 1} ({name}) was expected.");
                }

                var atStop = i < run.Stops.Count ? Dequeue(readings, run.ReadsAtStops) : new Dictionary<string, byte[]>();
                segments.Add(new SimulatorSegment(name, stop.Instructions - previous.Instructions, stop.Mclk - previous.Mclk, atStop));
                previous = stop;
            }

            var memory = Dequeue(readings, run.Reads);
            yield return new SimulatorRunResult(segments, memory, (int)readings.Dequeue());
        }
    }

    private static Dictionary<string, byte[]> Dequeue(Queue<object> readings, IEnumerable<(string Symbol, int Address, int Length)> reads) =>
        reads.ToDictionary(r => r.Symbol, _ => (byte[])readings.Dequeue(), StringComparer.Ordinal);

    private ResolvedRun Resolve(SimulatorRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Arguments.Count > 4)
        {
            throw new ArgumentException("At most four arguments are passed in registers (R12–R15).", nameof(run));
        }

        var elf = image.Elf;
        var writes = run.Writes.Select(w =>
        {
            var symbol = elf.Symbol(w.Symbol);
            if (w.Offset < 0 || (symbol.Size > 0 && w.Offset + w.Bytes.Count > symbol.Size))
            {
                throw new ArgumentException($"Writing {w.Bytes.Count} bytes at offset {w.Offset} overruns '{w.Symbol}' ({symbol.Size} bytes).", nameof(run));
            }

            return (symbol.Address + w.Offset, w.Bytes);
        }).ToArray();
        return new ResolvedRun(
            elf.Symbol(run.Entry).Address,
            run.Arguments,
            writes,
            run.Stops.Select(s => (s, elf.Symbol(s).Address)).ToArray(),
            Resolve(run.Reads),
            Resolve(run.ReadsAtStops));
    }

    private (string Symbol, int Address, int Length)[] Resolve(IEnumerable<MemoryRead> reads) => reads.Select(r =>
    {
        var symbol = image.Elf.Symbol(r.Symbol);
        var length = r.Length ?? symbol.Size - r.Offset;
        if (r.Offset < 0 || (symbol.Size > 0 && r.Offset + length > symbol.Size))
        {
            throw new ArgumentException($"Reading {length} bytes at offset {r.Offset} overruns '{r.Symbol}' ({symbol.Size} bytes).", nameof(reads));
        }

        return length > 0 ? (r.Symbol, symbol.Address + r.Offset, length) : throw new ArgumentException($"'{r.Symbol}' has no size; give the length to read.", nameof(reads));
    }).ToArray();

    private string NameAt(int address)
    {
        if (address == ReturnAddress)
        {
            return "the return";
        }

        var symbol = image.Elf.Symbols.Values.Where(s => s.Address <= address && address < s.Address + Math.Max(1, s.Size)).MinBy(s => s.Size);
        var hex = address.ToString("x4", CultureInfo.InvariantCulture);
        return symbol is null ? $"0x{hex}" : $"{symbol.Name} (0x{hex})";
    }
}
