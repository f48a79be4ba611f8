namespace UnIT.Msp430;

/// <summary>
/// One execution on the simulator: bytes written into memory, the function started (with up to four 16-bit arguments in
/// R12–R15, the MSP430 calling convention), the breakpoints it must pass in order, and the memory read back after the
/// function returns.
/// </summary>
public sealed record SimulatorRun
{
    /// <summary>Function the run starts at, with an empty stack; the run ends when it returns.</summary>
    public required string Entry { get; init; }

    /// <summary>Arguments in R12, R13, R14, R15 (pointers are addresses; use <see cref="ElfFile.Symbol"/>).</summary>
    public IReadOnlyList<ushort> Arguments { get; init; } = [];

    /// <summary>Memory written before the run starts (after data is reloaded and zero-initialised data cleared).</summary>
    public IReadOnlyList<MemoryWrite> Writes { get; init; } = [];

    /// <summary>
    /// Functions the run must reach, in order (a name may repeat); each is a breakpoint that ends a segment. Mark them
    /// <c>noinline</c> in C: an inlined call leaves no address to stop at. The return from <see cref="Entry"/> ends the
    /// last segment.
    /// </summary>
    public IReadOnlyList<string> Stops { get; init; } = [];

    /// <summary>Memory read back after the entry function returned.</summary>
    public IReadOnlyList<MemoryRead> Reads { get; init; } = [];

    /// <summary>
    /// Memory read at every stop (not at the return), for example a layer's activation buffer at each layer boundary;
    /// the bytes are in <see cref="SimulatorSegment.Memory"/> of the segment the stop ends.
    /// </summary>
    public IReadOnlyList<MemoryRead> ReadsAtStops { get; init; } = [];
}

/// <summary>Bytes written into the simulator's memory at a symbol (plus an offset) before a run.</summary>
/// <param name="Symbol">Object the bytes go to.</param>
/// <param name="Bytes">The bytes, in target order (little-endian for 16-bit values).</param>
/// <param name="Offset">Byte offset from the symbol's address.</param>
public sealed record MemoryWrite(string Symbol, IReadOnlyList<byte> Bytes, int Offset = 0)
{
    /// <summary>Writes 16-bit values (for example a Q15 input vector) little-endian, as the MSP430 stores them.</summary>
    public static MemoryWrite Int16(string symbol, IEnumerable<short> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new MemoryWrite(symbol, values.SelectMany(v => new[] { (byte)v, (byte)(v >> 8) }).ToArray());
    }
}

/// <summary>Memory read back at a symbol (plus an offset) after a run; the result is keyed by the symbol.</summary>
/// <param name="Symbol">Object to read.</param>
/// <param name="Length">Bytes to read; the symbol's size from the ELF symbol table when null.</param>
/// <param name="Offset">Byte offset from the symbol's address.</param>
public sealed record MemoryRead(string Symbol, int? Length = null, int Offset = 0);
