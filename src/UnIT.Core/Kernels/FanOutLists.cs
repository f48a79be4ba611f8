using UnIT.Collections;
using UnIT.Model;
using UnIT.Preparation;

namespace UnIT.Kernels;

/// <summary>One entry of a fan-out list: the weight and where its product goes.</summary>
/// <param name="WeightIndex">Flat index into <c>[out, in, kh, kw]</c>.</param>
/// <param name="OutputChannel">Output channel <c>o</c>.</param>
/// <param name="KernelRow">Kernel row <c>ky</c>.</param>
/// <param name="KernelColumn">Kernel column <c>kx</c>.</param>
/// <param name="Key">The UnIT key (float or integer, as a double).</param>
public readonly record struct FanOutEntry(int WeightIndex, int OutputChannel, int KernelRow, int KernelColumn, double Key);

/// <summary>
/// The weights one input reaches, ordered by UnIT key, largest first (ties by weight index), zero weights removed.
/// For a given quotient <c>t</c> the kept products are exactly a prefix: the entries with <c>key &gt; t</c>.
/// Convolutions share one list per input channel (every pixel of the channel meets the same weights); dense layers
/// have one list per input.
/// </summary>
public sealed class FanOutList
{
    internal FanOutList(FanOutEntry[] entries) => Entries = entries;

    /// <summary>The entries, key-descending.</summary>
    public IReadOnlyList<FanOutEntry> Entries { get; }

    /// <summary>How many leading entries have <c>key &gt; quotient</c> (the kept prefix).</summary>
    public int KeptPrefix(double quotient)
    {
        // Binary search for the first entry with key <= quotient.
        var low = 0;
        var high = Entries.Count;
        while (low < high)
        {
            var middle = (low + high) >> 1;
            if (Entries[middle].Key > quotient)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}

/// <summary>The fan-out lists of one layer in one number format.</summary>
public sealed class FanOutLists
{
    private FanOutLists(IReadOnlyList<FanOutList> lists) => Lists = lists;

    /// <summary>One list per input channel (convolution) or per input (dense).</summary>
    public IReadOnlyList<FanOutList> Lists { get; }

    /// <summary>Builds the lists.</summary>
    public static FanOutLists Build(PreparedMacLayer layer, NumberFormat format)
    {
        var data = new LayerData(layer, format);
        var g = layer.Geometry;
        var lists = new FanOutList[g.InChannels];
        var entries = new List<FanOutEntry>();
        for (var c = 0; c < g.InChannels; c++)
        {
            entries.Clear();
            foreach (var tap in g.TapsOfInputChannel(c))
            {
                if (!data.IsZero(tap.WeightIndex))
                {
                    entries.Add(new FanOutEntry(tap.WeightIndex, tap.OutputChannel, tap.KernelRow, tap.KernelColumn, data.Key(tap.WeightIndex)));
                }
            }

            lists[c] = new FanOutList(entries.OrderByDescending(e => e.Key).ThenBy(e => e.WeightIndex).ToArray());
        }

        return new FanOutLists(lists);
    }

    /// <summary>
    /// The same entries regrouped by kernel tap, for the Bucketed kernel's border pixels: list <c>c·KH·KW + ky·KW + kx</c>
    /// holds the entries of input channel <c>c</c> with tap <c>(ky, kx)</c>, in the same key-descending order, so for
    /// any quotient its kept prefix is exactly the kept entries of that tap. A border pixel walks only the taps that
    /// stay inside the output map (<see cref="ConvGeometry.ValidTaps"/>) and so never tests an entry against its window.
    /// </summary>
    public FanOutLists ByTap(ConvGeometry g)
    {
        var lists = new FanOutList[Lists.Count * g.KernelHeight * g.KernelWidth];
        for (var c = 0; c < Lists.Count; c++)
        {
            for (var ky = 0; ky < g.KernelHeight; ky++)
            {
                for (var kx = 0; kx < g.KernelWidth; kx++)
                {
                    lists[TapListIndex(g, c, ky, kx)] = new FanOutList(Lists[c].Entries.Where(e => e.KernelRow == ky && e.KernelColumn == kx).ToArray());
                }
            }
        }

        return new FanOutLists(lists);
    }

    /// <summary>The list of <see cref="ByTap"/> that holds input channel <paramref name="channel"/>'s entries with tap (<paramref name="kernelRow"/>, <paramref name="kernelColumn"/>).</summary>
    public static int TapListIndex(ConvGeometry g, int channel, int kernelRow, int kernelColumn) =>
        (((channel * g.KernelHeight) + kernelRow) * g.KernelWidth) + kernelColumn;
}

/// <summary>Per-weight activation thresholds τ(w) of a layer: the rule is exactly <c>|a| &gt; τ(w)</c>.</summary>
public static class ActivationThresholds
{
    /// <summary>τ for every weight of the layer in the given format (0 for zero weights, which are never used).</summary>
    public static double[] Build(PreparedMacLayer layer, NumberFormat format)
    {
        var result = new double[layer.Geometry.WeightCount];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = format == NumberFormat.Q15
                ? layer.QuantizedKeys[i] == 0 ? 0 : Semantics.UnitRule.ActivationThreshold(layer.QuantizedKeys[i], layer.Division, layer.QuantizedReferenceThreshold, layer.TableBits)
                : layer.Keys[i] == 0f ? 0 : Semantics.UnitRule.ActivationThreshold(layer.Keys[i], layer.Division, layer.ReferenceThreshold, layer.TableBits);
        }

        return result;
    }

    /// <summary>The same thresholds as floats (Float32 kernels compare <c>|a| &gt; τ</c> in float; the conversion is exact).</summary>
    public static ImmutableEquatableArray<float> ToSingles(double[] thresholds) => thresholds.Select(t => (float)t).ToImmutableEquatableArray();
}
