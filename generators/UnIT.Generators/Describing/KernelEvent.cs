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

    /// <summary>Outputs whose sum was negative when requantised (Q15).</summary>
    Negative,

    /// <summary>One-bit steps of 16-bit shifts left by a variable count (Q15 quotients and fine bucket slots; UnIT.Costs.ShiftSteps).</summary>
    LeftSteps,

    /// <summary>One-bit steps of Pow2's 32-bit shift right.</summary>
    RightSteps,

    /// <summary>One-bit steps of the 48-bit product's shift right.</summary>
    WideSteps,
}

/// <summary>
/// One ledger event a layer adds per inference: a count known when the kernel is generated (<see cref="Fixed"/>),
/// the value of a run-time <see cref="Counter"/>, or what a fixed total leaves after it (<see cref="IsRemainder"/>).
/// </summary>
internal sealed class KernelEvent
{
    private KernelEvent(CostEvent costEvent, long fixedCount, EventCounter? counter, bool isRemainder = false)
    {
        Event = costEvent;
        Fixed = fixedCount;
        Counter = counter;
        IsRemainder = isRemainder;
    }

    public CostEvent Event { get; }

    /// <summary>The count added per inference when <see cref="Counter"/> is null.</summary>
    public long Fixed { get; }

    public EventCounter? Counter { get; }

    /// <summary>The count is <see cref="Fixed"/> minus <see cref="Counter"/> (the outputs not counted negative, say).</summary>
    public bool IsRemainder { get; }

    public static KernelEvent Constant(CostEvent costEvent, long count) => new(costEvent, count, null);

    public static KernelEvent Counted(CostEvent costEvent, EventCounter counter) => new(costEvent, 0, counter);

    public static KernelEvent Remainder(CostEvent costEvent, long total, EventCounter counter) => new(costEvent, total, counter, isRemainder: true);

    /// <summary>
    /// Q15 requantisation's two tails (<see cref="FixedEvents.Requantized"/>): the negative sums, counted while the
    /// outputs are stored, and the rest of the <paramref name="outputs"/>.
    /// </summary>
    public static KernelEvent[] Requantized(long outputs, int rightShift)
    {
        var (nonNegative, negative) = FixedEvents.RequantizeTails(rightShift);
        return [Remainder(nonNegative, outputs, EventCounter.Negative), Counted(negative, EventCounter.Negative)];
    }
}
