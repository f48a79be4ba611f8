using UnIT.Costs;

namespace UnIT.Generators.Describing;

/// <summary>A count a kernel keeps while it runs (a local variable in both backends).</summary>
internal enum EventCounter
{
    /// <summary>Products kept (Gather's taps past τ, scatter entries multiplied).</summary>
    Kept,

    /// <summary>Non-zero inputs visited.</summary>
    Active,

    /// <summary>Border pixels of a convolution.</summary>
    Borders,

    /// <summary>Window tests of border entries.</summary>
    Tests,

    /// <summary>Products kept at border pixels of a Sorted convolution (the other products count <see cref="Kept"/>).</summary>
    BorderKept,

    /// <summary>Column tests of border entries of a Sorted convolution (the entries whose output row is inside the map).</summary>
    ColumnTests,

    /// <summary>Per-tap list lookups of Bucketed border pixels.</summary>
    Taps,

    /// <summary>Key comparisons against a quotient.</summary>
    Compares,

    /// <summary>Quotients computed.</summary>
    Quotients,

    /// <summary>Elements a ReLU cleared.</summary>
    Cleared,
}

/// <summary>
/// One ledger event a layer adds per inference: either a count known when the kernel is generated
/// (<see cref="Fixed"/>) or the value of a run-time <see cref="Counter"/>.
/// </summary>
internal sealed class KernelEvent
{
    private KernelEvent(CostEvent costEvent, long fixedCount, EventCounter? counter)
    {
        Event = costEvent;
        Fixed = fixedCount;
        Counter = counter;
    }

    public CostEvent Event { get; }

    /// <summary>The count added per inference when <see cref="Counter"/> is null.</summary>
    public long Fixed { get; }

    public EventCounter? Counter { get; }

    public static KernelEvent Constant(CostEvent costEvent, long count) => new(costEvent, count, null);

    public static KernelEvent Counted(CostEvent costEvent, EventCounter counter) => new(costEvent, 0, counter);
}
