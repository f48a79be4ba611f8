using UnIT.Preparation;
using static UnIT.Semantics.FloatBitConversions;

namespace UnIT.Kernels;

/// <summary>
/// The Bucketed kernel's tables for one layer: for each fan-out list and each activation bucket, the number of
/// leading entries kept for every magnitude in the bucket (<see cref="Low"/>) and for some magnitude in it
/// (<see cref="High"/>). At run time one lookup gives the count of MACs to run; only when <c>Low &lt; High</c>
/// (possible for Exact and FloatBits) do the entries in between need a quotient and comparisons.
/// </summary>
/// <remarks>
/// Slot 0 holds every bucket below <see cref="FirstId"/>, the last slot every bucket above <see cref="LastId"/>: the
/// kept count cannot change there, because the range covers every weight's activation threshold τ(w).
/// </remarks>
public sealed class BucketTable
{
    private readonly int[][] _low;
    private readonly int[][] _high;

    private BucketTable(int bits, int firstId, int lastId, int[][] low, int[][] high)
    {
        BucketBits = bits;
        FirstId = firstId;
        LastId = lastId;
        _low = low;
        _high = high;
        IsComparisonFree = low.Zip(high, (l, h) => l.SequenceEqual(h)).All(same => same);
    }

    /// <summary>Significand bits per bucket.</summary>
    public int BucketBits { get; }

    /// <summary>First bucket id with a slot of its own.</summary>
    public int FirstId { get; }

    /// <summary>Last bucket id with a slot of its own.</summary>
    public int LastId { get; }

    /// <summary>Slots per list (the explicit ids plus one below and one above).</summary>
    public int SlotCount => LastId - FirstId + 3;

    /// <summary>True when no bucket needs comparisons (Pow2 and ReciprocalLut semantics).</summary>
    public bool IsComparisonFree { get; }

    /// <summary>Kept-for-sure counts, <c>[list][slot]</c>.</summary>
    public IReadOnlyList<int[]> Low => _low;

    /// <summary>Kept-at-most counts, <c>[list][slot]</c>.</summary>
    public IReadOnlyList<int[]> High => _high;

    /// <summary>The slot of bucket id <paramref name="id"/>.</summary>
    public int Slot(int id) => id < FirstId ? 0 : id > LastId ? SlotCount - 1 : id - FirstId + 1;

    /// <summary>
    /// The Bucketed kernel's border-pixel tables of a convolution: its fan-out <paramref name="lists"/> regrouped by
    /// kernel tap (<see cref="FanOutLists.ByTap"/>) and their bucket tables; null for a layer without border pixels
    /// (<see cref="ResourceEstimate.HasBorderTapLists"/>). The interpreter and the generator both take them from here.
    /// </summary>
    public static (FanOutLists Lists, BucketTable Buckets)? BuildTapTables(PreparedMacLayer layer, NumberFormat format, FanOutLists lists)
    {
        if (!ResourceEstimate.HasBorderTapLists(layer))
        {
            return null;
        }

        var tapLists = lists.ByTap(layer.Geometry);
        return (tapLists, Build(layer, format, tapLists));
    }

    /// <summary>Builds the table for a layer's fan-out lists.</summary>
    public static BucketTable Build(PreparedMacLayer layer, NumberFormat format, FanOutLists lists)
    {
        var bits = ActivationBuckets.BitsFor(layer.Division, layer.TableBits);
        var data = new LayerData(layer, format);
        var thresholds = ActivationThresholds.Build(layer, format);
        // Thresholds of 0 (keys of groups with T = 0, kept for every non-zero input) never change a count, so they
        // do not widen the range of buckets that need their own slot.
        var used = Enumerable.Range(0, thresholds.Length).Where(i => !data.IsZero(i) && thresholds[i] > 0).Select(i => thresholds[i]).ToArray();
        var ranges = format == NumberFormat.Q15 ? Q15Ranges(bits, used) : FloatRanges(bits, used);

        var low = new int[lists.Lists.Count][];
        var high = new int[lists.Lists.Count][];
        for (var l = 0; l < lists.Lists.Count; l++)
        {
            var list = lists.Lists[l];
            low[l] = new int[ranges.Slots.Length];
            high[l] = new int[ranges.Slots.Length];
            for (var s = 0; s < ranges.Slots.Length; s++)
            {
                var (smallest, largest) = ranges.Slots[s];
                if (smallest > largest)
                {
                    continue; // an empty slot is never looked up
                }

                low[l][s] = list.KeptPrefix(data.Quotient(smallest));
                high[l][s] = list.KeptPrefix(data.Quotient(largest));
            }
        }

        return new BucketTable(bits, ranges.FirstId, ranges.LastId, low, high);
    }

    private sealed record SlotRanges(int FirstId, int LastId, (double Smallest, double Largest)[] Slots);

    private static SlotRanges FloatRanges(int bits, double[] thresholds)
    {
        const int InfinityBits = 0x7F80_0000;
        var shift = 23 - bits;
        var smallestTau = thresholds.Length == 0 ? 0f : (float)thresholds.Min();
        var largestTau = thresholds.Length == 0 ? 0f : (float)thresholds.Max();
        var first = Math.Max(ActivationBuckets.Id(Math.Max(smallestTau, float.Epsilon), bits), 0);
        var last = Math.Max(ActivationBuckets.Id(FromBits(Math.Min(ToBits(largestTau) + 1, InfinityBits)), bits), first);

        (double, double) Range(long fromBits, long toBits)
        {
            fromBits = Math.Max(fromBits, 1);
            toBits = Math.Min(toBits, InfinityBits);
            return fromBits > toBits ? (1, 0) : (FromBits((int)fromBits), FromBits((int)toBits));
        }

        var slots = new (double, double)[last - first + 3];
        slots[0] = Range(1, ((long)first << shift) - 1);
        for (var id = first; id <= last; id++)
        {
            slots[id - first + 1] = Range((long)id << shift, ((long)(id + 1) << shift) - 1);
        }

        slots[slots.Length - 1] = Range((long)(last + 1) << shift, InfinityBits);
        return new SlotRanges(first, last, slots);
    }

    private static SlotRanges Q15Ranges(int bits, double[] thresholds)
    {
        const int Max = Semantics.Q15Quotient.MaxMagnitude;
        var smallestTau = thresholds.Length == 0 ? 0 : (int)thresholds.Min();
        var largestTau = thresholds.Length == 0 ? 0 : (int)thresholds.Max();
        var first = ActivationBuckets.Id(Math.Max(smallestTau, 1), bits);
        var last = Math.Max(ActivationBuckets.Id(Math.Min(largestTau + 1, Max), bits), first);

        var slots = new (double Smallest, double Largest)[last - first + 3];
        for (var s = 0; s < slots.Length; s++)
        {
            slots[s] = (1, 0);
        }

        for (var x = 1; x <= Max; x++)
        {
            var id = ActivationBuckets.Id(x, bits);
            var slot = id < first ? 0 : id > last ? slots.Length - 1 : id - first + 1;
            var (smallest, largest) = slots[slot];
            slots[slot] = smallest > largest ? (x, x) : (smallest, x);
        }

        return new SlotRanges(first, last, slots);
    }
}
