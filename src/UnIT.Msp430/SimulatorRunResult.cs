using System.Buffers.Binary;

namespace UnIT.Msp430;

/// <summary>
/// Work the simulated CPU did between two stops: from the start (or the previous stop) up to, not including, the first
/// instruction of <paramref name="EndsAt"/>. The CALL to a stop counts in the segment before it, its body in the next.
/// </summary>
/// <param name="EndsAt">Stop that ends the segment, or <see cref="SimulatorSession.ReturnStop"/> for the entry function's return.</param>
/// <param name="Instructions">Instructions executed, as mspdebug's tracer counts them.</param>
/// <param name="Mclk">MCLK cycles by mspdebug's timing rules (classic MSP430 CPU, no FRAM wait states).</param>
/// <param name="Memory">Bytes of <see cref="SimulatorRun.ReadsAtStops"/> read when the segment ended (empty for the return).</param>
public sealed record SimulatorSegment(string EndsAt, long Instructions, long Mclk, IReadOnlyDictionary<string, byte[]> Memory);

/// <summary>What one <see cref="SimulatorRun"/> measured and read back.</summary>
public sealed class SimulatorRunResult
{
    internal SimulatorRunResult(IReadOnlyList<SimulatorSegment> segments, IReadOnlyDictionary<string, byte[]> memory, int stackBytesUsed)
    {
        Segments = segments;
        Memory = memory;
        StackBytesUsed = stackBytesUsed;
    }

    /// <summary>One segment per stop, in order, the last one ending at the return.</summary>
    public IReadOnlyList<SimulatorSegment> Segments { get; }

    /// <summary>Bytes read per <see cref="MemoryRead.Symbol"/>.</summary>
    public IReadOnlyDictionary<string, byte[]> Memory { get; }

    /// <summary>
    /// Stack high-water mark in bytes below the return address: the SRAM between data and the stack top is filled with
    /// a pattern before the run, and the lowest byte that changed marks how deep the stack went.
    /// </summary>
    public int StackBytesUsed { get; }

    /// <summary>Instructions of the whole run.</summary>
    public long Instructions => Segments.Sum(s => s.Instructions);

    /// <summary>MCLK cycles of the whole run.</summary>
    public long Mclk => Segments.Sum(s => s.Mclk);

    /// <summary>The bytes read at <paramref name="symbol"/> after the return, as little-endian 16-bit values.</summary>
    public short[] Int16(string symbol) => ToInt16(Memory[symbol]);

    /// <summary>Bytes as little-endian 16-bit values, the MSP430's order.</summary>
    public static short[] ToInt16(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var values = new short[bytes.Length / 2];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i));
        }

        return values;
    }
}
