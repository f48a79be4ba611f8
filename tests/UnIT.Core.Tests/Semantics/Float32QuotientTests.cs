using UnIT.Semantics;
using Xunit;

namespace UnIT.Core.Tests.Semantics;

public class Float32QuotientTests
{
    private static readonly DivisionApproximation[] AllApproximations =
        [DivisionApproximation.Exact, DivisionApproximation.Pow2, DivisionApproximation.ReciprocalLut, DivisionApproximation.FloatBits];

    /// <summary>Seeded magnitudes spanning many binades, plus powers of two and their neighbours.</summary>
    private static IEnumerable<float> Magnitudes()
    {
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            yield return (float)Math.Pow(2, (random.NextDouble() * 40) - 20);
        }

        for (var e = -20; e <= 20; e++)
        {
            var p = (float)Math.Pow(2, e);
            yield return p;
            yield return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(p) - 1);
            yield return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(p) + 1);
        }
    }

    private static readonly float[] Thresholds = [1e-4f, 0.003f, 0.05f, 0.1f, 0.7f, 1f, 1.5f, 3f, 12.25f];

    [Fact]
    public void Exact_is_the_correctly_rounded_quotient()
    {
        foreach (var t in Thresholds)
        {
            foreach (var x in Magnitudes())
            {
                Assert.Equal(t / x, Float32Quotient.Exact(t, x));
            }
        }
    }

    [Fact]
    public void Pow2_is_never_below_exact_and_less_than_twice_it()
    {
        foreach (var t in Thresholds)
        {
            foreach (var x in Magnitudes())
            {
                var ratio = Float32Quotient.Pow2(t, x) / ((double)t / x);
                Assert.InRange(ratio, 1.0, 2.0 - 1e-9);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void ReciprocalLut_error_is_within_the_midpoint_bound(int bits)
    {
        var bound = ReciprocalTable.RelativeErrorBound(bits) + Math.Pow(2, -22); // plus the two float roundings
        foreach (var t in Thresholds)
        {
            foreach (var x in Magnitudes())
            {
                var ratio = Float32Quotient.ReciprocalLut(t, x, bits) / ((double)t / x);
                Assert.InRange(ratio, 1 - bound, 1 + bound);
            }
        }
    }

    [Fact]
    public void ReciprocalLut_bound_is_tight_for_four_bits()
    {
        // The worst case sits at the edges of the first table interval: |a| = 1 and |a| just below 1 + 1/16.
        var atOne = Float32Quotient.ReciprocalLut(1f, 1f, 4);
        Assert.Equal(32f / 33f, atOne, 6);
    }

    [Fact]
    public void FloatBits_is_never_below_exact_and_at_most_nine_eighths_of_it()
    {
        foreach (var t in Thresholds)
        {
            foreach (var x in Magnitudes())
            {
                var ratio = Float32Quotient.FloatBits(t, x) / ((double)t / x);
                Assert.InRange(ratio, 1.0 - 1e-7, 1.125 + 1e-7);
            }
        }
    }

    [Fact]
    public void FloatBits_reaches_the_mitchell_maximum_in_the_middle_of_a_binade()
    {
        Assert.Equal(1.125, Float32Quotient.FloatBits(1f, 1.5f) / (1 / 1.5), 6);
    }

    [Fact]
    public void Every_approximation_is_monotone_non_increasing_in_the_magnitude()
    {
        var sorted = Magnitudes().Append(float.Epsilon).Append(1e-40f).Append(float.MaxValue).Append(float.PositiveInfinity).Distinct().OrderBy(x => x).ToArray();
        foreach (var approximation in AllApproximations)
        {
            foreach (var t in Thresholds)
            {
                var previous = float.MaxValue;
                foreach (var x in sorted)
                {
                    var q = Float32Quotient.Compute(approximation, t, x, 4);
                    Assert.True(q <= previous, $"{approximation}: quotient rose at |a| = {x:R} ({previous:R} -> {q:R})");
                    previous = q;
                }
            }
        }
    }

    [Fact]
    public void A_zero_threshold_or_an_infinite_activation_gives_zero_and_huge_quotients_saturate()
    {
        foreach (var approximation in AllApproximations)
        {
            Assert.Equal(0f, Float32Quotient.Compute(approximation, 0f, 0.5f, 4));
            Assert.Equal(0f, Float32Quotient.Compute(approximation, 2f, float.PositiveInfinity, 4));
            var huge = Float32Quotient.Compute(approximation, 3e38f, 1e-40f, 4);
            Assert.True(huge <= float.MaxValue && !float.IsInfinity(huge), $"{approximation} returned {huge}");
        }
    }

    [Fact]
    public void Pow2_handles_subnormal_magnitudes_by_their_true_exponent()
    {
        var x = BitConverter.Int32BitsToSingle(0x0000_0100); // 2^-141
        Assert.Equal(-141, FloatBitConversions.FloorLog2(x));
        Assert.Equal((float)Math.Pow(2, 141 - 120), Float32Quotient.Pow2((float)Math.Pow(2, -120), x));
    }
}
