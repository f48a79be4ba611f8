using System.Runtime.CompilerServices;
using static UnIT.Semantics.FloatBitConversions;

namespace UnIT.Semantics;

/// <summary>
/// Q15 conversion (docs/semantics.md, "Q15"): a tensor with scale <c>s</c> stores <c>q = round(v · 2^s)</c> in int16, so
/// <c>v ≈ q · 2^-s</c>. Scales are powers of two chosen at build time from ranges; rounding and saturation are
/// defined once here and documented in <c>docs/semantics.md</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Values saturate symmetrically to ±32767 (never −32768), so <c>|q|</c> always fits int16.</item>
/// <item>Float → Q15 rounds half away from zero (what a C <c>lround</c> does).</item>
/// <item>Requantising an accumulator by a right shift rounds half up (add half, arithmetic shift), the two-instruction
/// MSP430 idiom; a left shift saturates.</item>
/// <item>Accumulators are exact 64-bit integers on the host, so every loop order gives the same sum.</item>
/// <item>Thresholds (on <c>|a_q|·|w_q|</c> and on activations) round down: for an integer <c>p</c>,
/// <c>p·2^-s &gt; T ⇔ p &gt; ⌊T·2^s⌋</c>, so the integer test is exactly the real one.</item>
/// </list>
/// </remarks>
public static class Q15
{
    /// <summary>Largest stored magnitude.</summary>
    public const int MaxValue = 32767;

    /// <summary>Smallest scale the planner will choose (ranges up to 2^39).</summary>
    public const int MinScale = -24;

    /// <summary>Largest scale the planner will choose (ranges down to 2^-26).</summary>
    public const int MaxScale = 40;

    /// <summary>
    /// Largest requantising shift <c>s_in + s_w − s_out</c>. The MCU sums products in 32 bits (the MPY32's RESHI:RESLO,
    /// the C export's int32 accumulators) where the host sums in 64: with at most 16 bits of shift, every sum whose
    /// output is not saturated (|q| ≤ 32767) fits in int32, so both give the same output.
    /// </summary>
    public const int MaxRequantizeShift = 16;

    /// <summary>
    /// The largest scale <c>s</c> with <c>range · 2^s ≤ 32767</c>, clamped to [<see cref="MinScale"/>, <see cref="MaxScale"/>];
    /// a zero range gets 15 (any scale represents zeros).
    /// </summary>
    public static int ScaleFor(double range)
    {
        if (double.IsNaN(range) || double.IsInfinity(range) || range < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, "A Q15 range must be a finite number >= 0.");
        }

        if (range == 0)
        {
            return 15;
        }

        var scale = 0;
        while (scale < MaxScale && range * PowerOfTwo(scale + 1) <= MaxValue)
        {
            scale++;
        }

        while (scale > MinScale && range * PowerOfTwo(scale) > MaxValue)
        {
            scale--;
        }

        return scale;
    }

    /// <summary>Rounds <c>v · 2^s</c> half away from zero and saturates to ±32767.</summary>
    public static short Quantize(double value, int scale)
    {
        var scaled = Math.Round(value * PowerOfTwo(scale), MidpointRounding.AwayFromZero);
        return (short)(scaled > MaxValue ? MaxValue : scaled < -MaxValue ? -MaxValue : scaled);
    }

    /// <summary>Rounds <c>v · 2^s</c> half away from zero and saturates to the int32 range ±(2^31 − 1) (a bias).</summary>
    public static long QuantizeWide(double value, int scale)
    {
        const double Limit = int.MaxValue;
        var scaled = Math.Round(value * PowerOfTwo(scale), MidpointRounding.AwayFromZero);
        return (long)(scaled > Limit ? Limit : scaled < -Limit ? -Limit : scaled);
    }

    /// <summary><c>q · 2^-s</c>, exact in float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dequantize(int value, int scale) => (float)(value * PowerOfTwo(-scale));

    /// <summary>⌊T · 2^s⌋ clamped to [0, <paramref name="limit"/>]: an integer threshold equivalent to the real one.</summary>
    public static int QuantizeThreshold(double threshold, int scale, int limit = int.MaxValue)
    {
        var scaled = Math.Floor(threshold * PowerOfTwo(scale));
        return scaled <= 0 ? 0 : scaled >= limit ? limit : (int)scaled;
    }

    /// <summary>
    /// Brings an accumulator at scale <c>s_in + s_w</c> to the output scale: right shifts round half up, left shifts
    /// saturate, the result saturates to ±32767.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Requantize(long accumulator, int rightShift)
    {
        long value;
        if (rightShift > 0)
        {
            value = (accumulator + (1L << (rightShift - 1))) >> rightShift;
        }
        else if (rightShift == 0)
        {
            value = accumulator;
        }
        else
        {
            var shift = Math.Min(-rightShift, 32);
            value = accumulator > (long.MaxValue >> shift) ? long.MaxValue
                : accumulator < (long.MinValue >> shift) ? long.MinValue
                : accumulator << shift;
        }

        return Saturate(value);
    }

    /// <summary>
    /// <see cref="Requantize(long, int)"/>, counting a negative <paramref name="accumulator"/> in
    /// <paramref name="negativeSums"/>: the MSP430 requantises a negative sum on a longer path, which the cost model
    /// prices per output (generated kernels count while they store).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Requantize(long accumulator, int rightShift, ref long negativeSums)
    {
        negativeSums += accumulator < 0 ? 1 : 0;
        return Requantize(accumulator, rightShift);
    }

    /// <summary>Saturates to ±32767.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Saturate(long value) => (short)(value > MaxValue ? MaxValue : value < -MaxValue ? -MaxValue : value);

    /// <summary>
    /// For a power-of-two <paramref name="count"/> n = 2^k, <see cref="Average"/>'s <c>⌊(2·sum + n) / (2n)⌋</c> is an
    /// arithmetic right shift by k + 1 (floor division by 2^(k+1)): that shift, or null for other counts.
    /// </summary>
    public static int? AverageShift(int count) =>
        count > 0 && (count & (count - 1)) == 0 ? FloatBitConversions.FloorLog2(count) + 1 : null;

    /// <summary>
    /// The mean of <paramref name="count"/> Q15 values from their sum, rounded half up: <c>⌊(2·sum + n) / (2n)⌋</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Average(long sum, int count)
    {
        var numerator = (2 * sum) + count;
        var denominator = 2L * count;
        var quotient = numerator / denominator;
        if (numerator % denominator != 0 && numerator < 0)
        {
            quotient--; // floor division for negative sums
        }

        return Saturate(quotient);
    }
}
