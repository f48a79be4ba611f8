using UnIT.Semantics;
using Xunit;

namespace UnIT.Core.Tests.Semantics;

public class Q15QuotientTests
{
    private static readonly int[] Thresholds = [0, 1, 7, 100, 4_096, 65_535, 1_000_003, 1 << 30, int.MaxValue];

    [Fact]
    public void Exact_is_floor_division_so_the_integer_rule_equals_the_product_rule()
    {
        var random = new Random(7);
        foreach (var n in Thresholds)
        {
            for (var x = 1; x <= Q15Quotient.MaxMagnitude; x++)
            {
                var q = Q15Quotient.Exact(n, x);
                Assert.Equal(n / x, q);
                var w = random.Next(1, 32768);
                Assert.Equal((long)w * x > n, w > q);
            }
        }
    }

    [Fact]
    public void All_approximations_stay_in_zero_to_N_and_are_monotone()
    {
        foreach (var approximation in Enum.GetValues<DivisionApproximation>())
        {
            foreach (var n in Thresholds)
            {
                var previous = int.MaxValue;
                for (var x = 1; x <= Q15Quotient.MaxMagnitude; x++)
                {
                    var q = Q15Quotient.Compute(approximation, n, x, 4);
                    Assert.InRange(q, 0, n);
                    Assert.True(q <= previous, $"{approximation}, N={n}: quotient rose at x={x}");
                    previous = q;
                }
            }
        }
    }

    [Fact]
    public void Pow2_and_FloatBits_never_go_below_exact_and_respect_their_bounds()
    {
        foreach (var n in Thresholds)
        {
            for (var x = 1; x <= Q15Quotient.MaxMagnitude; x++)
            {
                var exact = (double)n / x;
                var pow2 = Q15Quotient.Pow2(n, x);
                Assert.InRange(pow2, n / x, 2 * exact);
                var mitchell = Q15Quotient.FloatBits(n, x);
                Assert.InRange(mitchell, n / x, (1.125 * exact) + 1);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void ReciprocalLut_error_is_within_the_midpoint_bound_plus_truncation(int bits)
    {
        var relative = ReciprocalTable.RelativeErrorBound(bits) + Math.Pow(2, -15);
        foreach (var n in Thresholds)
        {
            for (var x = 1; x <= Q15Quotient.MaxMagnitude; x++)
            {
                var exact = (double)n / x;
                var q = Q15Quotient.ReciprocalLut(n, x, bits);
                Assert.InRange(q, (exact * (1 - relative)) - 1, exact * (1 + relative));
            }
        }
    }

    [Fact]
    public void Q16_reciprocal_tables_are_decreasing_and_in_range()
    {
        for (var bits = ReciprocalTable.MinBits; bits <= ReciprocalTable.MaxBits; bits++)
        {
            var table = ReciprocalTable.Q16(bits);
            Assert.Equal(1 << bits, table.Length);
            for (var m = 0; m < table.Length; m++)
            {
                Assert.InRange(table[m], 32769, 65535);
                Assert.Equal(Math.Round(65536.0 / (1 + ((m + 0.5) / table.Length)), MidpointRounding.AwayFromZero), table[m]);
                if (m > 0)
                {
                    Assert.True(table[m] < table[m - 1]);
                }
            }
        }
    }
}
