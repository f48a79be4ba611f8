using UnIT.Semantics;
using Xunit;

namespace UnIT.Core.Tests.Semantics;

public class Q15Tests
{
    [Theory]
    [InlineData(1.0, 14)]
    [InlineData(0.99, 15)]
    [InlineData(2.83, 13)]
    [InlineData(32767.0, 0)]
    [InlineData(32768.0, -1)]
    [InlineData(0.0001, 28)]
    public void Scale_is_the_largest_power_of_two_that_fits(double range, int expected)
    {
        var scale = Q15.ScaleFor(range);
        Assert.Equal(expected, scale);
        Assert.True(range * Math.Pow(2, scale) <= Q15.MaxValue);
        Assert.True(range * Math.Pow(2, scale + 1) > Q15.MaxValue);
    }

    [Fact]
    public void Quantize_rounds_half_away_from_zero_and_saturates_symmetrically()
    {
        Assert.Equal(3, Q15.Quantize(2.5 / 1024, 10));
        Assert.Equal(-3, Q15.Quantize(-2.5 / 1024, 10));
        Assert.Equal(2, Q15.Quantize(2.49 / 1024, 10));
        Assert.Equal(32767, Q15.Quantize(5.0, 14));
        Assert.Equal(-32767, Q15.Quantize(-5.0, 14));
    }

    [Fact]
    public void Requantize_rounds_half_up_and_saturates()
    {
        Assert.Equal(2, Q15.Requantize(3, 1));    // 1.5 -> 2
        Assert.Equal(-1, Q15.Requantize(-3, 1));  // -1.5 -> -1 (half up)
        Assert.Equal(-2, Q15.Requantize(-5, 1));  // -2.5 -> -2
        Assert.Equal(7, Q15.Requantize(7, 0));
        Assert.Equal(12, Q15.Requantize(3, -2));
        Assert.Equal(32767, Q15.Requantize(1L << 40, 4));
        Assert.Equal(-32767, Q15.Requantize(-(1L << 40), 4));
        Assert.Equal(32767, Q15.Requantize(1L << 20, -40));
    }

    [Fact]
    public void Integer_thresholds_are_exactly_the_real_ones()
    {
        var random = new Random(5);
        for (var i = 0; i < 100_000; i++)
        {
            var scale = random.Next(0, 30);
            var threshold = random.NextDouble() * 3;
            var p = random.Next(0, 1 << 30);
            Assert.Equal(p * Math.Pow(2, -scale) > threshold, p > Q15.QuantizeThreshold(threshold, scale));
        }
    }

    [Fact]
    public void Average_is_the_rounded_mean_for_both_signs()
    {
        Assert.Equal(3, Q15.Average(10, 4));   // 2.5 -> 3
        Assert.Equal(-2, Q15.Average(-10, 4)); // -2.5 -> -2 (half up)
        Assert.Equal(-3, Q15.Average(-11, 4)); // -2.75 -> -3
        Assert.Equal(1, Q15.Average(2, 3));    // 0.67 -> 1
    }

    [Fact]
    public void Round_trip_error_is_at_most_half_a_step()
    {
        var random = new Random(9);
        for (var i = 0; i < 10_000; i++)
        {
            var v = (random.NextDouble() * 4) - 2;
            var scale = Q15.ScaleFor(2);
            var back = Q15.Dequantize(Q15.Quantize(v, scale), scale);
            Assert.True(Math.Abs(back - v) <= Math.Pow(2, -scale - 1) + 1e-9, $"{v} -> {back}");
        }
    }
}
