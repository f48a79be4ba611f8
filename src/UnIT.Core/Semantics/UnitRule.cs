using System.Runtime.CompilerServices;
using static UnIT.Semantics.FloatBitConversions;

namespace UnIT.Semantics;

/// <summary>
/// The UnIT rule (docs/semantics.md, "The UnIT rule") in the one form every kernel implements: a product <c>a·w</c> feeding an output of
/// group <c>g</c> is performed iff <c>a ≠ 0</c>, <c>w ≠ 0</c> and <c>key_g(w) &gt; t(|a|)</c>, where
/// <c>t(|a|) ≈ T_ref/|a|</c> is one quotient per activation (<see cref="Float32Quotient"/>, <see cref="Q15Quotient"/>)
/// and <c>key_g(w) = |w| · T_ref / T_g</c> is a build-time constant.
/// </summary>
/// <remarks>
/// <para><c>T_ref</c> is the largest group threshold of the layer, so with a single threshold the key is <c>|w|</c>
/// itself and the rule reads "keep iff <c>|w| &gt; T/|a|</c>", exactly the paper's dense form; with groups, the
/// normalisation lets one quotient per input serve every group. A group with threshold 0 has key +∞ (Float32) or
/// <see cref="int.MaxValue"/> (Q15): it keeps every non-zero product.</para>
/// <para>Because each quotient is monotone non-increasing in <c>|a|</c>, the rule equals <c>|a| &gt; τ(w)</c> for a
/// per-weight activation threshold τ found at build time (<see cref="ActivationThreshold(float, DivisionApproximation, float, int)"/>):
/// the convolution's "<c>T/|w|</c> is a build-time constant" form, bit-identical to the quotient form.</para>
/// </remarks>
public static class UnitRule
{
    /// <summary>The layer's reference threshold: the largest group threshold (0 when UnIT is off).</summary>
    public static float ReferenceThreshold(IEnumerable<float> groupThresholds) => groupThresholds.DefaultIfEmpty(0f).Max();

    /// <summary>The Float32 weight key <c>|w| · T_ref / T_g</c>, rounded once; +∞ when <c>T_g = 0</c>.</summary>
    public static float Key(float weight, float groupThreshold, float referenceThreshold)
    {
        var magnitude = Math.Abs(weight);
        if (groupThreshold == 0f)
        {
            return float.PositiveInfinity;
        }

        return groupThreshold == referenceThreshold ? magnitude : (float)(magnitude * (double)referenceThreshold / groupThreshold);
    }

    /// <summary>The Q15 weight key <c>⌊|w_q| · N_ref / N_g⌋</c>; <see cref="int.MaxValue"/> when <c>N_g = 0</c>.</summary>
    public static int Key(short weight, int groupThreshold, int referenceThreshold)
    {
        var magnitude = Math.Abs((int)weight);
        if (groupThreshold == 0)
        {
            return int.MaxValue;
        }

        var key = (long)magnitude * referenceThreshold / groupThreshold;
        return key >= int.MaxValue ? int.MaxValue : (int)key;
    }

    /// <summary>Whether a product with weight key <paramref name="key"/> survives quotient <paramref name="quotient"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Keeps(float key, float quotient) => key > quotient;

    /// <summary>Whether a product with weight key <paramref name="key"/> survives quotient <paramref name="quotient"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Keeps(int key, int quotient) => key > quotient;

    /// <summary>
    /// The largest activation magnitude τ ≥ 0 whose product with a weight of key <paramref name="key"/> is skipped,
    /// so that the rule is exactly <c>|a| &gt; τ</c>. Found by bisection over the ordered bit patterns of [0, +∞].
    /// </summary>
    public static float ActivationThreshold(float key, DivisionApproximation approximation, float referenceThreshold, int tableBits)
    {
        // Invariant: magnitude(low) is skipped (0 always is), magnitude(high) is kept or high is one past +∞.
        var low = 0;
        var high = 0x7F80_0001;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            var quotient = Float32Quotient.Compute(approximation, referenceThreshold, FromBits(middle), tableBits);
            if (Keeps(key, quotient))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return FromBits(low);
    }

    /// <summary>
    /// The largest activation magnitude τ in 0..32767 whose product with a weight of key <paramref name="key"/> is
    /// skipped, so that the rule is exactly <c>|a_q| &gt; τ</c>.
    /// </summary>
    public static int ActivationThreshold(int key, DivisionApproximation approximation, int referenceThreshold, int tableBits)
    {
        var low = 0;
        var high = Q15Quotient.MaxMagnitude + 1;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (Keeps(key, Q15Quotient.Compute(approximation, referenceThreshold, middle, tableBits)))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return low;
    }
}
