using UnIT.Generators.Models;
using UnIT.Model;

namespace UnIT.Generators.Describing;

/// <summary>
/// What one executed layer's kernel does, independent of the language it is written in: the loops it runs, the tables
/// it reads (in order) and the ledger events it adds. Backends (C#, C) only spell it.
/// </summary>
internal abstract class LayerKernel
{
    protected LayerKernel(LayerModel layer, IReadOnlyList<KernelEvent> events)
    {
        Layer = layer;
        Events = events;
    }

    public LayerModel Layer { get; }

    public int Index => Layer.Index;

    /// <summary>The events the layer adds to its ledger row, fixed ones first.</summary>
    public IReadOnlyList<KernelEvent> Events { get; }

    public IEnumerable<KernelEvent> FixedEvents => Events.Where(e => e.Counter is null);

    public IEnumerable<KernelEvent> CountedEvents => Events.Where(e => e.Counter is not null);
}

/// <summary>Flatten: the buffer is reinterpreted; no code, no events.</summary>
internal sealed class FlattenKernel(FlattenModel layer) : LayerKernel(layer, [])
{
}

/// <summary><c>y = x &gt; θ ? x : 0</c> over <see cref="ReluModel.Length"/> values.</summary>
internal sealed class ReluKernel(ReluModel relu, IReadOnlyList<KernelEvent> events) : LayerKernel(relu, events)
{
    public ReluModel Relu { get; } = relu;
}

/// <summary>Max or average pooling: per output, the window's inputs at <see cref="WindowOffsets"/> from its corner.</summary>
internal sealed class PoolKernel(PoolModel pool, IReadOnlyList<int> windowOffsets, IReadOnlyList<KernelEvent> events) : LayerKernel(pool, events)
{
    public PoolModel Pool { get; } = pool;

    /// <summary>Input offsets of the window's elements from its top-left input, row by row.</summary>
    public IReadOnlyList<int> WindowOffsets { get; } = windowOffsets;

    public int Window => Pool.KernelHeight * Pool.KernelWidth;
}

/// <summary>A conv or dense layer: its model, the tables it reads, in order, and whether it is Gather.</summary>
internal abstract class MacKernel(MacModel mac, IReadOnlyList<KernelTable> tables, IReadOnlyList<KernelEvent> events) : LayerKernel(mac, events)
{
    public MacModel Mac { get; } = mac;

    /// <summary>Every constant table the kernel's table-driven form reads, in the order they are written.</summary>
    public IReadOnlyList<KernelTable> Tables { get; } = tables;

    public bool IsGather => Mac.Implementation == KernelImplementation.Gather;

    public KernelTable Table(string name) => Tables.First(t => t.Name == name);

    public bool HasTable(string name) => Tables.Any(t => t.Name == name);
}

/// <summary>
/// Output-stationary kernels (Dense, and Gather on convolutions): each output starts at its channel's bias and sums its
/// channel's taps in canonical order; Gather keeps a tap only when <c>|a| &gt; τ</c>. Positions inside
/// <see cref="Interior"/> never touch the padding; the others skip taps that fall into it.
/// Tables: <c>TapStart</c> (per channel, plus the total), <c>TapInput</c>, <c>TapRow</c> and <c>TapColumn</c> (unless every window is inside),
/// <c>TapWeight</c>, <c>TapThreshold</c> (Gather), <c>Bias</c>.
/// </summary>
internal sealed class OutputStationaryKernel(
    MacModel mac, IReadOnlyList<ConvTap> taps, (int Y0, int Y1, int X0, int X1) interior, IReadOnlyList<KernelTable> tables, IReadOnlyList<KernelEvent> events)
    : MacKernel(mac, tables, events)
{
    /// <summary>All channels' taps, channel by channel, in canonical order.</summary>
    public IReadOnlyList<ConvTap> Taps { get; } = taps;

    /// <summary>Output rows <c>[Y0, Y1)</c> and columns <c>[X0, X1)</c> whose windows lie inside the input.</summary>
    public (int Y0, int Y1, int X0, int X1) Interior { get; } = interior;

    public bool FullInterior => Interior.Y0 == 0 && Interior.Y1 == Mac.Geometry.OutHeight && Interior.X0 == 0 && Interior.X1 == Mac.Geometry.OutWidth;

    public bool HasInterior => Interior.Y1 > Interior.Y0 && Interior.X1 > Interior.X0;
}

/// <summary>
/// Input-stationary kernels (Gather on dense layers, Sorted, Bucketed): accumulators start at the bias; each non-zero
/// input, in ascending index, computes its quotient (or bucket slot) and walks its fan-out list, adding kept products
/// at <c>base + Offsets[n]</c>. Convolution pixels inside <see cref="PixelInterior"/> scatter entirely inside the
/// output map; border pixels test each entry's window (Sorted, Gather) or walk their valid taps' own lists (Bucketed).
/// Tables: <c>ListStart</c>, <c>Keys</c> (when compared), <c>Weights</c>, <c>Offsets</c>, then <c>Rows</c>/<c>Columns</c> (border
/// tests), <c>Low</c>/<c>High</c> (bucket counts), <c>TapStart</c>/<c>TapWeights</c>/<c>TapOffsets</c>/<c>TapLow</c>/
/// <c>TapKeys</c>/<c>TapHigh</c> (Bucketed border pixels), each only when the kernel reads it, and <c>Bias</c>.
/// </summary>
internal sealed class InputStationaryKernel(
    MacModel mac, (int IY0, int IY1, int IX0, int IX1) pixelInterior, IReadOnlyList<KernelTable> tables, IReadOnlyList<KernelEvent> events)
    : MacKernel(mac, tables, events)
{
    /// <summary>Input rows <c>[IY0, IY1)</c> and columns <c>[IX0, IX1)</c> whose whole fan-out lands inside the output map.</summary>
    public (int IY0, int IY1, int IX0, int IX1) PixelInterior { get; } = pixelInterior;

    public bool HasPixelInterior => PixelInterior.IY1 > Math.Max(PixelInterior.IY0, 0) && PixelInterior.IX1 > Math.Max(PixelInterior.IX0, 0);

    /// <summary>Whether list walks compare keys with a quotient: Gather and Sorted always, Bucketed only in a band.</summary>
    public bool ComparesKeys => Mac.Buckets is not { ComparisonFree: true };

    /// <summary>Whether the kernel ever computes a quotient (list walks, or the bands of per-tap lists).</summary>
    public bool NeedsQuotient => ComparesKeys || Mac.TapBuckets is { ComparisonFree: false };

    /// <summary>Border pixels of a Bucketed convolution walk per-tap lists (no window tests).</summary>
    public bool WalksTapLists => Mac.TapBuckets is not null;

    /// <summary>Bucket slots per list row of <c>Low</c>/<c>High</c> (Bucketed only).</summary>
    public int SlotCount => Mac.Buckets?.SlotCount ?? 0;
}
