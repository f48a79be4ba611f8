using System.Runtime.CompilerServices;

namespace UnIT.Semantics;

/// <summary>
/// Bit-level views of IEEE-754 numbers. netstandard2.0 (the build the compiler loads for the generator, and the
/// one every application uses too) has no <c>BitConverter.SingleToInt32Bits</c> or <c>BitOperations</c>, so these go
/// through <see cref="Unsafe.As{TFrom, TTo}(ref TFrom)"/>, which the JIT turns into a register move.
/// </summary>
public static class FloatBitConversions
{
    /// <summary>The bits of a float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ToBits(float value) => Unsafe.As<float, int>(ref value);

    /// <summary>The float with these bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float FromBits(int bits) => Unsafe.As<int, float>(ref bits);

    /// <summary>Exactly 2^<paramref name="exponent"/> as a double, for exponents in [-1022, 1023].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double PowerOfTwo(int exponent) => BitConverter.Int64BitsToDouble((1023L + exponent) << 52);

    /// <summary>⌊log2 x⌋ of a positive integer (a five-step binary search: netstandard2.0 has no count-leading-zeros).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FloorLog2(int value)
    {
        var v = (uint)value;
        var log = 0;
        if (v >= 1u << 16) { v >>= 16; log += 16; }
        if (v >= 1u << 8) { v >>= 8; log += 8; }
        if (v >= 1u << 4) { v >>= 4; log += 4; }
        if (v >= 1u << 2) { v >>= 2; log += 2; }
        if (v >= 1u << 1) { log += 1; }
        return log;
    }

    /// <summary>
    /// ⌊log2 x⌋ of a positive finite float, subnormals included (the unbiased exponent of its normalised form).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FloorLog2(float positive)
    {
        var bits = ToBits(positive);
        var biased = bits >> 23;
        return biased != 0 ? biased - 127 : FloorLog2(bits & 0x7F_FFFF) - 149;
    }

    /// <summary>
    /// The 23 fraction bits of a positive finite float's normalised significand (for subnormals, after
    /// shifting the leading one out), so <c>x = (1 + fraction/2^23) · 2^FloorLog2(x)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NormalizedFraction(float positive)
    {
        var bits = ToBits(positive);
        if ((bits >> 23) != 0)
        {
            return bits & 0x7F_FFFF;
        }

        var mantissa = bits & 0x7F_FFFF;
        var leading = FloorLog2(mantissa);
        return (mantissa << (23 - leading)) & 0x7F_FFFF;
    }
}
