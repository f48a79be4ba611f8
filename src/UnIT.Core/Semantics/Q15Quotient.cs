using System.Runtime.CompilerServices;
using static UnIT.Semantics.FloatBitConversions;

namespace UnIT.Semantics;

/// <summary>
/// The activation-side quotient <c>t ≈ N / x</c> of the UnIT rule in Q15 (docs/semantics.md, "Division approximations" and "Q15"): <c>N</c> is the
/// layer's integer threshold on <c>|a_q|·|w_q|</c> (0..2^31−1) and <c>x = |a_q|</c> (1..32767). A product is kept
/// iff its integer weight key exceeds <c>t</c>. All results lie in <c>[0, N]</c>; all are monotone non-increasing in x.
/// </summary>
/// <remarks>
/// With a single threshold the key is <c>|w_q|</c>, so <see cref="Exact"/> reproduces <c>|a_q|·|w_q| &gt; N</c> exactly
/// (for integers, <c>w &gt; N/x ⇔ w &gt; ⌊N/x⌋</c>). The others are what an MSP430 computes without a divider.
/// </remarks>
public static class Q15Quotient
{
    /// <summary>Largest activation magnitude: activations saturate symmetrically to ±32767.</summary>
    public const int MaxMagnitude = 32767;

    /// <summary><c>⌊N / x⌋</c>: an integer division (a library call on the MSP430).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Exact(int threshold, int magnitude) => threshold / magnitude;

    /// <summary><c>N &gt;&gt; e</c> with <c>e = ⌊log2 x⌋</c>: a shift. Never below <see cref="Exact"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Pow2(int threshold, int magnitude) => threshold >> FloorLog2(magnitude);

    /// <summary>
    /// <c>(N · R[m]) &gt;&gt; (16 + e)</c>: <c>m</c> is the <paramref name="tableBits"/> bits after x's leading one (zeros
    /// past its last bit), <c>R</c> the Q16 midpoint-reciprocal table. One table load and one 32x16 multiply (MPY32).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReciprocalLut(int threshold, int magnitude, int tableBits)
    {
        var exponent = FloorLog2(magnitude);
        var normalized = magnitude << (15 - exponent); // leading one at bit 15
        var index = (normalized >> (15 - tableBits)) & ((1 << tableBits) - 1);
        return (int)(((long)threshold * ReciprocalTable.Q16(tableBits)[index]) >> (16 + exponent));
    }

    /// <summary>
    /// Mitchell's piecewise-linear reciprocal, the integer twin of the Float32 bit trick:
    /// <c>N · (3·2^e − x) / 2^(2e+1)</c>, truncated. Never below <see cref="Exact"/>, at most 9/8 of the exact quotient.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FloatBits(int threshold, int magnitude)
    {
        var exponent = FloorLog2(magnitude);
        return (int)(((long)threshold * ((3 << exponent) - magnitude)) >> ((2 * exponent) + 1));
    }

    /// <summary>Dispatches on the approximation (for interpreters; generated kernels call the specific function).</summary>
    public static int Compute(DivisionApproximation approximation, int threshold, int magnitude, int tableBits) =>
        approximation switch
        {
            DivisionApproximation.Exact => Exact(threshold, magnitude),
            DivisionApproximation.Pow2 => Pow2(threshold, magnitude),
            DivisionApproximation.ReciprocalLut => ReciprocalLut(threshold, magnitude, tableBits),
            DivisionApproximation.FloatBits => FloatBits(threshold, magnitude),
            _ => throw new ArgumentOutOfRangeException(nameof(approximation), approximation, "Unknown division approximation."),
        };
}
