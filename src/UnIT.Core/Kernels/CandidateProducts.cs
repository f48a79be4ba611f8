using UnIT.Preparation;

namespace UnIT.Kernels;

/// <summary>
/// Products a conv/dense layer could perform per inference: every non-zero weight times every output position
/// where its input tap lies inside the map (padding taps are never candidates). Dense kernels perform all of them;
/// Gather on a convolution compares all of them.
/// </summary>
public static class CandidateProducts
{
    /// <summary>Candidate products of <paramref name="layer"/> in <paramref name="format"/> (whose zero weights differ).</summary>
    public static long Count(PreparedMacLayer layer, NumberFormat format)
    {
        var g = layer.Geometry;
        long total = 0;
        foreach (var tap in g.AllTaps())
        {
            var zero = format == NumberFormat.Q15 ? layer.QuantizedWeights[tap.WeightIndex] == 0 : layer.Weights[tap.WeightIndex] == 0f;
            if (!zero)
            {
                total += g.PositionsReached(tap.KernelRow, tap.KernelColumn);
            }
        }

        return total;
    }
}
