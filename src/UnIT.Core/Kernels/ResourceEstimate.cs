using UnIT.Preparation;

namespace UnIT.Kernels;

/// <summary>
/// Bytes a conv/dense layer's kernel keeps in FRAM, by actual element size: non-zero weights, biases, and whatever
/// its implementation adds (activation thresholds, output offsets, keys, bucket and quotient tables). Code size is not
/// included. RAM comes from <see cref="Resources.ResourceModel"/>.
/// </summary>
public static class ResourceEstimate
{
    /// <summary>Bytes per activation or weight: 2 in Q15, 4 in Float32.</summary>
    public static int ElementBytes(NumberFormat format) => format == NumberFormat.Q15 ? 2 : 4;

    /// <summary>Bytes per bias or accumulator: 4 (int32 in Q15, float in Float32).</summary>
    public const int AccumulatorBytes = 4;

    /// <summary>Bytes per output offset stored with a scatter kernel's fan-out entry.</summary>
    public const int OffsetBytes = 2;

    /// <summary>True for the implementations that visit inputs and scatter products (RAM accumulators, offsets).</summary>
    public static bool IsInputStationary(PreparedMacLayer layer, KernelImplementation implementation) =>
        implementation is KernelImplementation.Sorted or KernelImplementation.Bucketed
        || (implementation == KernelImplementation.Gather && layer.IsDense);

    /// <summary>FRAM bytes of the layer's constants for an implementation.</summary>
    public static long WeightFlashBytes(PreparedMacLayer layer, KernelImplementation implementation, NumberFormat format, BucketTable? buckets = null)
    {
        var e = ElementBytes(format);
        long nonZero = format == NumberFormat.Q15 ? layer.QuantizedNonZeroWeights : layer.NonZeroWeights;
        long bytes = (nonZero * e) + ((long)layer.Geometry.OutChannels * AccumulatorBytes);
        switch (implementation)
        {
            case KernelImplementation.Dense:
                return bytes;
            case KernelImplementation.Gather when !layer.IsDense:
                return bytes + (nonZero * e); // one activation threshold per weight
        }

        // Input-stationary: an output offset per entry, keys when groups make them differ from |w|, quotient tables.
        bytes += nonZero * OffsetBytes;
        if (HasDistinctGroupThresholds(layer))
        {
            bytes += nonZero * e;
        }

        if (implementation == KernelImplementation.Bucketed && buckets is not null)
        {
            var longest = buckets.High.Count == 0 ? 0 : buckets.High.Max(row => row.DefaultIfEmpty(0).Max());
            var countBytes = longest < 256 ? 1 : 2;
            var tables = buckets.IsComparisonFree ? 1 : 2;
            bytes += (long)buckets.High.Count * buckets.SlotCount * countBytes * tables;
            if (HasBorderTapLists(layer))
            {
                // Border pixels walk the same entries regrouped by tap, with a count table per tap (FanOutLists.ByTap).
                var g = layer.Geometry;
                bytes += nonZero * (e + OffsetBytes + (HasDistinctGroupThresholds(layer) ? e : 0));
                bytes += (long)g.InChannels * g.KernelHeight * g.KernelWidth * buckets.SlotCount * (g.OutChannels < 256 ? 1 : 2) * tables;
            }

            return buckets.IsComparisonFree ? bytes : bytes + QuotientTableBytes(layer, format);
        }

        return bytes + QuotientTableBytes(layer, format);
    }

    /// <summary>Whether the Bucketed kernel of this layer has border pixels, which walk per-tap lists (a convolution, not a dense layer).</summary>
    public static bool HasBorderTapLists(PreparedMacLayer layer) => !layer.IsDense && !layer.Geometry.IsFullyConnected;

    private static bool HasDistinctGroupThresholds(PreparedMacLayer layer)
    {
        var thresholds = layer.ChannelThresholds;
        for (var i = 1; i < thresholds.Length; i++)
        {
            if (thresholds[i] != thresholds[0])
            {
                return true;
            }
        }

        return false;
    }

    private static long QuotientTableBytes(PreparedMacLayer layer, NumberFormat format) => layer.Division switch
    {
        DivisionApproximation.ReciprocalLut => (1L << layer.TableBits) * ElementBytes(format),
        DivisionApproximation.Pow2 when format == NumberFormat.Q15 => 15L * AccumulatorBytes, // N >> e for e = 0..14
        _ => 0,
    };
}
