using System.Runtime.CompilerServices;
using static UnIT.Semantics.FloatBitConversions;

namespace UnIT.Semantics;

/// <summary>
/// The activation-side quotient <c>t ≈ T / x</c> of the UnIT rule in Float32 (docs/semantics.md, "Division approximations"), for a threshold
/// <c>T ≥ 0</c> and an activation magnitude <c>x = |a| &gt; 0</c> (finite or +∞). A product is kept iff its weight key
/// exceeds <c>t</c>. Every kernel and the reference interpreter call these functions, so all agree bit for bit.
/// </summary>
/// <remarks>
/// Shared edge rules: <c>T = 0</c> gives 0 (nothing is skipped for its size); <c>x = +∞</c> gives 0; results are
/// clamped to <see cref="float.MaxValue"/> so that a weight key of +∞ (a group with threshold 0) is always kept.
/// Each function is monotone non-increasing in <c>x</c>, which is what lets a build step turn the rule into a
/// per-weight activation threshold (<see cref="UnitRule.ActivationThreshold(float, DivisionApproximation, float, int)"/>)
/// and into bucket tables without changing a single decision. Error bounds: <c>docs/semantics.md</c>.
/// </remarks>
public static class Float32Quotient
{
    /// <summary>
    /// Correctly rounded <c>T / x</c>. Relative error ≤ 2^-24.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exact(float threshold, float magnitude) =>
        threshold == 0f || float.IsPositiveInfinity(magnitude) ? 0f : Clamp(threshold / magnitude);

    /// <summary>
    /// <c>T · 2^-e</c> with <c>e = ⌊log2 x⌋</c>, rounded once. Never below the exact quotient and less than twice it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Pow2(float threshold, float magnitude)
    {
        if (threshold == 0f || float.IsPositiveInfinity(magnitude))
        {
            return 0f;
        }

        // T·2^-e is exact in double for every float T and every e of a float; one rounding to float follows.
        return Clamp((float)(threshold * PowerOfTwo(-FloorLog2(magnitude))));
    }

    /// <summary>
    /// <c>T · R[m] · 2^-e</c> where <c>m</c> is the top <paramref name="tableBits"/> bits of x's significand and
    /// <c>R</c> the midpoint-reciprocal table (<see cref="ReciprocalTable.Single"/>), rounded once.
    /// Relative error ≤ <c>1/(2^(k+1)+1)</c> plus float rounding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ReciprocalLut(float threshold, float magnitude, int tableBits)
    {
        if (threshold == 0f || float.IsPositiveInfinity(magnitude))
        {
            return 0f;
        }

        var index = NormalizedFraction(magnitude) >> (23 - tableBits);
        double reciprocal = ReciprocalTable.Single(tableBits)[index];

        // T·R is a 24x24-bit product, exact in double; the power of two is exact too: one rounding to float.
        return Clamp((float)(threshold * reciprocal * PowerOfTwo(-FloorLog2(magnitude))));
    }

    /// <summary>
    /// Integer arithmetic on the IEEE-754 patterns: <c>bits(t) = bits(T) − bits(x) + 0x3F800000</c>
    /// (Mitchell's logarithmic approximation). Never below the exact quotient and at most 9/8 of it.
    /// Out-of-range patterns saturate: below zero gives 0, at or above +∞ gives <see cref="float.MaxValue"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float FloatBits(float threshold, float magnitude)
    {
        if (threshold == 0f || float.IsPositiveInfinity(magnitude))
        {
            return 0f;
        }

        var bits = (long)ToBits(threshold) - ToBits(magnitude) + 0x3F80_0000L;
        return bits <= 0 ? 0f : bits >= 0x7F80_0000L ? float.MaxValue : FromBits((int)bits);
    }

    /// <summary>Dispatches on the approximation (for interpreters; generated kernels call the specific function).</summary>
    public static float Compute(DivisionApproximation approximation, float threshold, float magnitude, int tableBits) =>
        approximation switch
        {
            DivisionApproximation.Exact => Exact(threshold, magnitude),
            DivisionApproximation.Pow2 => Pow2(threshold, magnitude),
            DivisionApproximation.ReciprocalLut => ReciprocalLut(threshold, magnitude, tableBits),
            DivisionApproximation.FloatBits => FloatBits(threshold, magnitude),
            _ => throw new ArgumentOutOfRangeException(nameof(approximation), approximation, "Unknown division approximation."),
        };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Clamp(float quotient) => quotient < float.MaxValue ? quotient : float.MaxValue;
}
