using System.Runtime.CompilerServices;
#if !NETSTANDARD2_0
using System.Numerics;
#endif

namespace UnIT.Semantics;

/// <summary>
/// Bit-level views of IEEE-754 numbers. On .NET 10 these are single instructions; netstandard2.0 (the build the
/// compiler loads for the source generator) lacks the BCL helpers, so it goes through <see cref="Unsafe"/>-free
/// fallbacks that give the same bits.
/// </summary>
public static class FloatBitConversions
{
    /// <summary>The bits of a float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ToBits(float value)
    {
#if NETSTANDARD2_0
        return BitConverter.ToInt32(BitConverter.GetBytes(value), 0);
#else
        return BitConverter.SingleToInt32Bits(value);
#endif
    }

    /// <summary>The float with these bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float FromBits(int bits)
    {
#if NETSTANDARD2_0
        return BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);
#else
        return BitConverter.Int32BitsToSingle(bits);
#endif
    }

    /// <summary>Exactly 2^<paramref name="exponent"/> as a double, for exponents in [-1022, 1023].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double PowerOfTwo(int exponent) => BitConverter.Int64BitsToDouble((1023L + exponent) << 52);

    /// <summary>Number of leading zero bits of a 32-bit value (32 for 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LeadingZeroCount(uint value)
    {
#if NETSTANDARD2_0
        if (value == 0)
        {
            return 32;
        }

        var count = 0;
        while ((value & 0x8000_0000u) == 0)
        {
            value <<= 1;
            count++;
        }

        return count;
#else
        return BitOperations.LeadingZeroCount(value);
#endif
    }

    /// <summary>⌊log2 x⌋ of a positive integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FloorLog2(int value) => 31 - LeadingZeroCount((uint)value);

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
