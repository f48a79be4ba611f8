using UnIT.Model;
using UnIT.Preparation;

namespace UnIT.Kernels;

/// <summary>
/// Bytes a conv/dense layer keeps in FRAM, counted as the C export stores them: its constant tables (non-zero weights,
/// biases, activation thresholds, keys, list starts, input and output offsets, window rows and columns, bucket counts,
/// the reciprocal table), each index table at the narrowest width its values need (<see cref="TableWidths"/>), and,
/// for Q15, the kernel's code (<see cref="CodeSize"/>). RAM comes from <see cref="Resources.ResourceModel"/>.
/// </summary>
public static class ResourceEstimate
{
    /// <summary>Bytes per activation or weight: 2 in Q15, 4 in Float32.</summary>
    public static int ElementBytes(NumberFormat format) => format == NumberFormat.Q15 ? 2 : 4;

    /// <summary>Bytes per bias or accumulator: 4 (int32 in Q15, float in Float32).</summary>
    public const int AccumulatorBytes = 4;

    /// <summary>True for the implementations that visit inputs and scatter products (RAM accumulators, offsets).</summary>
    public static bool IsInputStationary(PreparedMacLayer layer, KernelImplementation implementation) => IsInputStationary(implementation, layer.IsDense);

    /// <summary>True for the implementations that visit inputs and scatter products, on a dense layer or a convolution.</summary>
    public static bool IsInputStationary(KernelImplementation implementation, bool dense) =>
        implementation is KernelImplementation.Sorted or KernelImplementation.Bucketed
        || (implementation == KernelImplementation.Gather && dense);

    /// <summary>
    /// FRAM bytes of the layer for an implementation: its tables and, in Q15 (the format the C export writes), its code.
    /// Float32 counts the tables only: there is no soft-float C to measure code from.
    /// </summary>
    public static long WeightFlashBytes(PreparedMacLayer layer, KernelImplementation implementation, NumberFormat format, BucketTable? buckets = null) =>
        TableBytes(layer, implementation, format, buckets) + CodeBytes(implementation, layer.Division, layer.IsDense, format);

    /// <summary>
    /// FRAM bytes of a conv/dense layer run by the <see cref="KernelImplementation.Dense"/> kernel with every weight stored,
    /// known from its shape alone: what <see cref="WeightFlashBytes"/> gives for Dense when no weight is zero (zeros only
    /// shrink it).
    /// </summary>
    public static long DenseWeightFlashBytes(ConvGeometry geometry, bool dense, DivisionApproximation division, NumberFormat format) =>
        OutputStationaryTableBytes(geometry, geometry.WeightCount, format) + CodeBytes(KernelImplementation.Dense, division, dense, format);

    /// <summary>The kernel's code in Q15 (the format the C export writes); nothing in Float32 (no soft-float C to measure).</summary>
    private static long CodeBytes(KernelImplementation implementation, DivisionApproximation division, bool dense, NumberFormat format) =>
        format == NumberFormat.Q15 ? CodeSize.MacLayerBytes(implementation, division, IsInputStationary(implementation, dense), dense) : 0;

    /// <summary>FRAM bytes of the layer's constant tables, as the C export writes them (the kernel description's tables).</summary>
    public static long TableBytes(PreparedMacLayer layer, KernelImplementation implementation, NumberFormat format, BucketTable? buckets = null)
    {
        var g = layer.Geometry;
        var e = ElementBytes(format);
        long nonZero = layer.StoredWeights(format);
        if (!IsInputStationary(layer, implementation))
        {
            // Gather adds TapThreshold per tap to the output-stationary tables.
            var tables = OutputStationaryTableBytes(g, nonZero, format);
            return implementation == KernelImplementation.Gather ? tables + (nonZero * ThresholdBytes(layer, format)) : tables;
        }

        // Input-stationary: Bias, ListStart per fan-out list, then per entry Weights and Offsets, Keys when compared, and
        // Rows/Columns for the window tests of a convolution's border pixels unless they walk per-tap lists.
        var startBytes = StartBytes(nonZero);
        var (rowBytes, columnBytes) = WindowBytes(g);
        var bytes = BiasBytes(g);
        long lists = layer.IsDense ? g.InputCount : g.InChannels;
        var offsetBytes = TableWidths.Bytes(-(((g.KernelHeight - 1L) * g.OutWidth) + g.KernelWidth - 1L), (g.OutChannels - 1L) * g.OutputPositions);
        var keyBytes = KeyBytes(layer, format);
        var compares = buckets is not { IsComparisonFree: true };
        var walksTapLists = buckets is not null && HasBorderTapLists(layer);
        bytes += (lists + 1) * startBytes + nonZero * (e + offsetBytes + (compares ? keyBytes : 0));
        if (!layer.IsDense && !walksTapLists)
        {
            bytes += nonZero * (rowBytes + columnBytes);
        }

        var quotients = compares;
        if (buckets is not null)
        {
            bytes += CountTableBytes(buckets);
            if (walksTapLists && BucketTable.BuildTapTables(layer, format, FanOutLists.Build(layer, format)) is var (tapLists, tapBuckets))
            {
                // Border pixels walk the same entries regrouped by tap (FanOutLists.ByTap): TapStart, TapWeights,
                // TapOffsets, TapKeys when its bands are compared, and its own slot counts.
                var tapCompares = !tapBuckets.IsComparisonFree;
                bytes += (tapLists.Lists.Count + 1L) * startBytes + nonZero * (e + offsetBytes + (tapCompares ? keyBytes : 0));
                bytes += CountTableBytes(tapBuckets);
                quotients |= tapCompares;
            }
        }

        // The ReciprocalLut quotient reads a table of Q16 reciprocals (UnIT.Semantics.ReciprocalTable, uint16).
        return quotients && layer.Division == DivisionApproximation.ReciprocalLut ? bytes + ((1L << layer.TableBits) * sizeof(ushort)) : bytes;
    }

    /// <summary>
    /// Bias, TapStart per channel, then per stored tap TapInput and TapWeight, and TapRow and TapColumn when some windows
    /// reach into the padding: the tables of the output-stationary kernels (Dense, and Gather on a convolution).
    /// </summary>
    private static long OutputStationaryTableBytes(ConvGeometry g, long nonZero, NumberFormat format)
    {
        var inputOffsetBytes = TableWidths.Bytes(0, ((g.InChannels - 1L) * g.InHeight * g.InWidth) + ((g.KernelHeight - 1L) * g.DilationHeight * g.InWidth) + ((g.KernelWidth - 1L) * g.DilationWidth));
        var bytes = BiasBytes(g) + ((g.OutChannels + 1L) * StartBytes(nonZero)) + (nonZero * (inputOffsetBytes + ElementBytes(format)));
        if (!g.WindowsAllInside)
        {
            var (rowBytes, columnBytes) = WindowBytes(g);
            bytes += nonZero * (rowBytes + columnBytes);
        }

        return bytes;
    }

    /// <summary>One bias per output channel, at the accumulator's width.</summary>
    private static long BiasBytes(ConvGeometry g) => (long)g.OutChannels * AccumulatorBytes;

    /// <summary>Bytes per list or channel start: an index into the stored taps.</summary>
    private static int StartBytes(long nonZero) => TableWidths.Bytes(0, nonZero);

    /// <summary>Bytes per window row and column offset of a tap.</summary>
    private static (int Row, int Column) WindowBytes(ConvGeometry g) =>
        (TableWidths.Bytes(0, (g.KernelHeight - 1) * g.DilationHeight), TableWidths.Bytes(0, (g.KernelWidth - 1) * g.DilationWidth));

    /// <summary>Bytes per activation threshold τ: Q15 thresholds in the narrowest type that holds them (small weights give large τ), floats in Float32.</summary>
    private static int ThresholdBytes(PreparedMacLayer layer, NumberFormat format) =>
        format == NumberFormat.Q15 ? TableWidths.Bytes(0, (long)ActivationThresholds.Build(layer, format).DefaultIfEmpty(0).Max()) : sizeof(float);

    /// <summary>Bytes per UnIT key: Q15 keys in the narrowest type that holds them (per-group thresholds scale them past 16 bits), floats in Float32.</summary>
    private static int KeyBytes(PreparedMacLayer layer, NumberFormat format)
    {
        if (format != NumberFormat.Q15)
        {
            return sizeof(float);
        }

        var max = 0L;
        foreach (var key in layer.QuantizedKeys)
        {
            max = Math.Max(max, key);
        }

        return TableWidths.Bytes(0, max);
    }

    /// <summary>The Low table (and High when bands are compared): one row of slot counts per list, each in its narrowest type.</summary>
    private static long CountTableBytes(BucketTable buckets)
    {
        static long Bytes(IReadOnlyList<int[]> rows) =>
            (long)rows.Count * rows.Select(r => r.Length).DefaultIfEmpty(0).Max() * TableWidths.Bytes(0, rows.SelectMany(r => r).DefaultIfEmpty(0).Max());

        return Bytes(buckets.Low) + (buckets.IsComparisonFree ? 0 : Bytes(buckets.High));
    }

    /// <summary>Whether the Bucketed kernel of this layer has border pixels, which walk per-tap lists (a convolution, not a dense layer).</summary>
    public static bool HasBorderTapLists(PreparedMacLayer layer) => !layer.IsDense && !layer.Geometry.IsFullyConnected;
}
