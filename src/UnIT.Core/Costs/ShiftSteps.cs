using UnIT.Semantics;

namespace UnIT.Costs;

/// <summary>
/// The one-bit steps of the shifts by a variable count that a Q15 quotient or a fine bucket slot runs: the MSP430 has
/// no barrel shifter, so clang compiles each as a loop of one-bit steps, and how many depends on e = ⌊log2 |a|⌋. Counted
/// where the quotient or slot is computed (the interpreter, the generated kernels and the C counters), as
/// <see cref="CostEvent.ShiftLeftStep"/>, <see cref="CostEvent.ShiftRightStep"/> and <see cref="CostEvent.WideShiftRightStep"/>.
/// </summary>
/// <param name="Left">Steps of a 16-bit shift left: FloatBits' <c>3 &lt;&lt; e</c>, the mantissa's <c>m &lt;&lt; (15 - e)</c>.</param>
/// <param name="Right">Steps of Pow2's 32-bit <c>N &gt;&gt; e</c> beyond the 8 bits folded into a word move.</param>
/// <param name="Wide">Steps of unit_multiply_shift's 48-bit shift right beyond the 16 folded into a word move.</param>
public readonly record struct ShiftSteps(int Left, int Right, int Wide)
{
    /// <summary>The steps of one quotient of <paramref name="division"/> for an input of magnitude <paramref name="magnitude"/> (at least 1).</summary>
    public static ShiftSteps Quotient(DivisionApproximation division, int magnitude)
    {
        var e = FloatBitConversions.FloorLog2(magnitude);
        return division switch
        {
            // unit_shift_right: n >> 8 as a word move when e >= 8, then one step per remaining bit.
            DivisionApproximation.Pow2 => new(0, e >= 8 ? e - 8 : e, 0),

            // The table index from m << (15 - e); (N x R) >> (16 + e): the top word, then e steps.
            DivisionApproximation.ReciprocalLut => new(MantissaAlignment(e), 0, WideSteps(16 + e)),

            // 3 << e; (N x (3 x 2^e - m)) >> (2e + 1).
            DivisionApproximation.FloatBits => new(e, 0, WideSteps((2 * e) + 1)),

            // unit_divide runs a fixed 32 steps; their data-dependent branches are priced in QuotientExact.
            _ => default,
        };
    }

    /// <summary>The steps of a bucket slot with <paramref name="bucketBits"/> mantissa bits (0: the exponent alone, no shift).</summary>
    public static ShiftSteps Slot(int bucketBits, int magnitude) =>
        bucketBits == 0 ? default : new(MantissaAlignment(FloatBitConversions.FloorLog2(magnitude)), 0, 0);

    /// <summary>Adds the steps to a layer's counters.</summary>
    public void AddTo(ref EventCounts events)
    {
        events.ShiftLeftStep += Left;
        events.ShiftRightStep += Right;
        events.WideShiftRightStep += Wide;
    }

    /// <summary>m &lt;&lt; (15 - e): the leading one to bit 15.</summary>
    private static int MantissaAlignment(int exponent) => 15 - exponent;

    /// <summary>unit_multiply_shift moves a whole word for a shift of 16 or more, then steps the rest one bit at a time.</summary>
    private static int WideSteps(int shift) => shift >= 16 ? shift - 16 : shift;
}
