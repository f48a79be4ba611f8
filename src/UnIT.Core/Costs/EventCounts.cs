using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UnIT.Costs;

/// <summary>
/// 64-bit counters, one per <see cref="CostEvent"/>, for one layer. A mutable struct with public fields on purpose:
/// generated kernels add to a field through a <c>ref</c> in their hot loops, and nothing else should cost more.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct EventCounts : IEquatable<EventCounts>
{
    /// <summary>Number of event kinds.</summary>
    public const int EventKinds = (int)CostEvent.InputRowWindow + 1;

#pragma warning disable CS1591 // Each field is documented by the CostEvent member of the same name.
    public long OutputSetup;
    public long Mac;
    public long MacWide;
    public long MacWideDense;
    public long GatherCompare;
    public long GatherCompareSigned;
    public long GatherMac;
    public long WindowTest;
    public long ScatterSetup;
    public long RequantizeNonNegative;
    public long RequantizeNegative;
    public long RequantizeShiftedNonNegative;
    public long RequantizeShiftedNegative;
    public long InputVisit;
    public long ActiveInput;
    public long ListCompare;
    public long ScatterMac;
    public long ScatterMacDense;
    public long ListTest;
    public long ListMac;
    public long BorderSetup;
    public long BorderTest;
    public long TapLookup;
    public long TapLookupBand;
    public long QuotientExact;
    public long QuotientPow2;
    public long QuotientReciprocalLut;
    public long QuotientFloatBits;
    public long BucketLookup;
    public long BucketLookupFine;
    public long ShiftLeftStep;
    public long ShiftRightStep;
    public long WideShiftRightStep;
    public long ReluTest;
    public long ReluTestZero;
    public long ReluClear;
    public long MaxPoolRead;
    public long MaxPoolOutput;
    public long AvgPoolRead;
    public long AvgPoolOutput;
    public long MaxPoolRow;
    public long AvgPoolRow;
    public long BorderMac;
    public long BorderColumnTest;
    public long OneListCompare;
    public long OneListMac;
    public long OneListBorderTest;
    public long OneListBorderMac;
    public long ActivePixel;
    public long InputRow;
    public long InputRowWindow;
#pragma warning restore CS1591

    /// <summary>The counter of <paramref name="costEvent"/> (fields are declared in <see cref="CostEvent"/> order).</summary>
    public long this[CostEvent costEvent]
    {
        readonly get => Unsafe.Add(ref Unsafe.AsRef(in OutputSetup), (int)costEvent);
        set => Unsafe.Add(ref OutputSetup, (int)costEvent) = value;
    }

    private static readonly CostEvent[] MacEventKinds =
    [
        CostEvent.Mac, CostEvent.MacWide, CostEvent.MacWideDense, CostEvent.GatherMac, CostEvent.ScatterMac, CostEvent.ScatterMacDense,
        CostEvent.ListMac, CostEvent.BorderMac, CostEvent.OneListMac, CostEvent.OneListBorderMac,
    ];

    private static readonly CostEvent[] CompareEventKinds =
        [CostEvent.GatherCompare, CostEvent.GatherCompareSigned, CostEvent.ListCompare, CostEvent.ListTest, CostEvent.OneListCompare];

    /// <summary>The events that are one multiply-accumulate each (both loop orders, every kernel's spelling).</summary>
    public static IReadOnlyList<CostEvent> MacEvents => MacEventKinds;

    /// <summary>The events that are one threshold comparison each.</summary>
    public static IReadOnlyList<CostEvent> CompareEvents => CompareEventKinds;

    /// <summary>Multiply-accumulates actually performed (both loop orders).</summary>
    public readonly long MacsPerformed => Sum(MacEventKinds);

    /// <summary>Threshold comparisons of every kind.</summary>
    public readonly long ThresholdComparisons => Sum(CompareEventKinds);

    /// <summary>Quotients of every approximation ("divisions").</summary>
    public readonly long Quotients => QuotientExact + QuotientPow2 + QuotientReciprocalLut + QuotientFloatBits;

    /// <summary>The counters of <paramref name="events"/>, added (a span: reports sum per layer and digit, without allocating).</summary>
    public readonly long Sum(ReadOnlySpan<CostEvent> events)
    {
        long sum = 0;
        foreach (var e in events)
        {
            sum += this[e];
        }

        return sum;
    }

    /// <summary>Adds another set of counters to this one.</summary>
    public void Add(in EventCounts other)
    {
        for (var i = 0; i < EventKinds; i++)
        {
            this[(CostEvent)i] += other[(CostEvent)i];
        }
    }

    /// <inheritdoc/>
    public readonly bool Equals(EventCounts other)
    {
        for (var i = 0; i < EventKinds; i++)
        {
            if (this[(CostEvent)i] != other[(CostEvent)i])
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is EventCounts other && Equals(other);

    /// <inheritdoc/>
    public override readonly int GetHashCode()
    {
        var hash = 17L;
        for (var i = 0; i < EventKinds; i++)
        {
            hash = (hash * 31) + this[(CostEvent)i];
        }

        return hash.GetHashCode();
    }

    /// <summary>Lists the non-zero counters, for test failure messages.</summary>
    public override readonly string ToString()
    {
        var parts = new List<string>();
        for (var i = 0; i < EventKinds; i++)
        {
            if (this[(CostEvent)i] != 0)
            {
                parts.Add(FormattableString.Invariant($"{(CostEvent)i}={this[(CostEvent)i]}"));
            }
        }

        return string.Join(", ", parts);
    }

    /// <summary>Compares counters.</summary>
    public static bool operator ==(EventCounts left, EventCounts right) => left.Equals(right);

    /// <summary>Compares counters.</summary>
    public static bool operator !=(EventCounts left, EventCounts right) => !left.Equals(right);
}
