using UnIT.Preparation;

namespace UnIT.Calibration;

/// <summary>
/// The distribution of one threshold group's candidate products <c>|a|·|w|</c> (non-zero activation, non-zero weight,
/// inside the input) over some calibration digits, as a histogram in 1/32-octave bins. It maps a share of products to
/// skip onto a threshold, so every group's search steps mean the same thing whatever the layer's scale.
/// </summary>
internal sealed class ProductLadder
{
    private const int BinsPerOctave = 32;
    private const int MinExponent = -60;
    private const int MaxExponent = 30;

    private readonly long[] _counts = new long[(MaxExponent - MinExponent) * BinsPerOctave];
    private long _total;

    /// <summary>Products counted.</summary>
    public long Total => _total;

    /// <summary>
    /// Counts the products of output channels <c>[first, first + count)</c> of <paramref name="layer"/> for one input
    /// <paramref name="input"/> (float units, the layer's input as the network computes it).
    /// </summary>
    public void Add(PreparedMacLayer layer, int first, int count, ReadOnlySpan<float> input)
    {
        var g = layer.Geometry;
        var weights = layer.Weights;
        for (var o = first; o < first + count; o++)
        {
            var taps = g.Taps(o).Where(t => layer.Weights[t.WeightIndex] != 0f).ToArray();
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    foreach (var tap in taps)
                    {
                        if (g.TryRead(tap, oy, ox, out var j) && input[j] != 0f)
                        {
                            Count(Math.Abs((double)input[j]) * Math.Abs(weights[tap.WeightIndex]));
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The smallest threshold (a bin edge) at or below which at least <paramref name="share"/> of the counted products
    /// lie, i.e. a threshold that skips about that share; 0 for a share of 0 or no products.
    /// </summary>
    public float Threshold(double share)
    {
        if (share <= 0 || _total == 0)
        {
            return 0f;
        }

        var target = share * _total;
        long cumulative = 0;
        for (var b = 0; b < _counts.Length; b++)
        {
            cumulative += _counts[b];
            if (cumulative >= target)
            {
                return (float)Math.Pow(2, MinExponent + ((b + 1.0) / BinsPerOctave));
            }
        }

        return (float)Math.Pow(2, MaxExponent);
    }

    private void Count(double product)
    {
        var bin = (int)Math.Floor((Math.Log2(product) - MinExponent) * BinsPerOctave);
        _counts[Math.Clamp(bin, 0, _counts.Length - 1)]++;
        _total++;
    }

    /// <summary>The group ladders of every conv/dense layer, keyed by definition index.</summary>
    public static ProductLadder Build(PreparedNetwork network, int layerIndex, int firstChannel, int channels, IEnumerable<float[]> inputs)
    {
        var layer = network.MacLayers.First(m => m.DefinitionIndex == layerIndex);
        var ladder = new ProductLadder();
        foreach (var input in inputs)
        {
            ladder.Add(layer, firstChannel, channels, input);
        }

        return ladder;
    }
}
