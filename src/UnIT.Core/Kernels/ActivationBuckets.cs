using System.Runtime.CompilerServices;
using static UnIT.Semantics.FloatBitConversions;

namespace UnIT.Kernels;

/// <summary>
/// Bucket ids of activation magnitudes for the Bucketed kernel: the exponent followed by the top
/// <c>bits</c> bits of the significand. Ids grow with the magnitude, and within one id the Pow2 quotient (0 bits)
/// and the ReciprocalLut quotient (bits = table bits) are constant, which is what makes those kernels division-free.
/// </summary>
public static class ActivationBuckets
{
    /// <summary>
    /// Significand bits per bucket for an approximation: 0 for Pow2, the table bits for ReciprocalLut (both then need no
    /// comparisons at all), and 2 for Exact and FloatBits, whose quotients vary inside a bucket (a short band of
    /// comparisons remains).
    /// </summary>
    public static int BitsFor(DivisionApproximation approximation, int tableBits) => approximation switch
    {
        DivisionApproximation.Pow2 => 0,
        DivisionApproximation.ReciprocalLut => tableBits,
        _ => 2,
    };

    /// <summary>Bucket id of a positive float magnitude: its IEEE pattern shifted right by <c>23 − bits</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Id(float magnitude, int bits) => ToBits(magnitude) >> (23 - bits);

    /// <summary>Bucket id of a Q15 magnitude 1..32767: <c>⌊log2 x⌋ · 2^bits</c> plus the bits after the leading one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Id(int magnitude, int bits)
    {
        var exponent = FloorLog2(magnitude);
        var fraction = ((magnitude << (15 - exponent)) >> (15 - bits)) & ((1 << bits) - 1);
        return (exponent << bits) | fraction;
    }
}
