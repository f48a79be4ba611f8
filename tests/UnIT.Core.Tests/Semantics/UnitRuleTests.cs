using UnIT.Semantics;
using Xunit;

namespace UnIT.Core.Tests.Semantics;

public class UnitRuleTests
{
    [Fact]
    public void A_single_threshold_layer_uses_the_weight_magnitude_as_key()
    {
        Assert.Equal(0.25f, UnitRule.Key(-0.25f, 0.1f, 0.1f));
        Assert.Equal((short)300, (short)UnitRule.Key((short)-300, 5000, 5000));
    }

    [Fact]
    public void Group_keys_normalise_by_the_reference_threshold_and_zero_groups_keep_everything()
    {
        Assert.Equal((float)(0.5 * 0.2 / 0.05), UnitRule.Key(0.5f, 0.05f, 0.2f));
        Assert.Equal(float.PositiveInfinity, UnitRule.Key(0.5f, 0f, 0.2f));
        Assert.Equal(300 * 8000 / 2000, UnitRule.Key((short)300, 2000, 8000));
        Assert.Equal(int.MaxValue, UnitRule.Key((short)300, 0, 8000));
    }

    [Fact]
    public void With_groups_the_normalised_rule_matches_the_product_rule_away_from_rounding_boundaries()
    {
        var random = new Random(3);
        const float Reference = 0.2f;
        for (var i = 0; i < 50_000; i++)
        {
            var group = random.Next(2) == 0 ? 0.05f : Reference;
            var w = (float)((random.NextDouble() * 2) - 1);
            var a = (float)(random.NextDouble() * 4);
            var product = Math.Abs((double)a * w);
            if (a == 0 || Math.Abs(product - group) < 1e-5 * group)
            {
                continue;
            }

            var keep = UnitRule.Keeps(UnitRule.Key(w, group, Reference), Float32Quotient.Exact(Reference, a));
            Assert.Equal(product > group, keep);
        }
    }

    [Theory]
    [InlineData(DivisionApproximation.Exact)]
    [InlineData(DivisionApproximation.Pow2)]
    [InlineData(DivisionApproximation.ReciprocalLut)]
    [InlineData(DivisionApproximation.FloatBits)]
    public void Float_activation_threshold_reproduces_every_quotient_decision(DivisionApproximation approximation)
    {
        var random = new Random(11);
        const float Reference = 0.05f;
        for (var i = 0; i < 300; i++)
        {
            var key = (float)Math.Pow(2, (random.NextDouble() * 16) - 10);
            var tau = UnitRule.ActivationThreshold(key, approximation, Reference, 4);
            var tauBits = BitConverter.SingleToInt32Bits(tau);

            // Around the threshold, decisions must flip exactly at tau.
            for (var delta = -3; delta <= 3; delta++)
            {
                var a = BitConverter.Int32BitsToSingle(Math.Max(1, tauBits + delta));
                var keep = UnitRule.Keeps(key, Float32Quotient.Compute(approximation, Reference, a, 4));
                Assert.Equal(a > tau, keep);
            }

            // And far from it, on random magnitudes.
            for (var j = 0; j < 50; j++)
            {
                var a = (float)Math.Pow(2, (random.NextDouble() * 30) - 15);
                Assert.Equal(a > tau, UnitRule.Keeps(key, Float32Quotient.Compute(approximation, Reference, a, 4)));
            }
        }
    }

    [Theory]
    [InlineData(DivisionApproximation.Exact)]
    [InlineData(DivisionApproximation.Pow2)]
    [InlineData(DivisionApproximation.ReciprocalLut)]
    [InlineData(DivisionApproximation.FloatBits)]
    public void Q15_activation_threshold_reproduces_every_quotient_decision_exhaustively(DivisionApproximation approximation)
    {
        foreach (var (key, reference) in new[] { (1, 1000), (37, 123_456), (300, 2_000_000), (32767, 1 << 30), (5, 0), (int.MaxValue, 77) })
        {
            var tau = UnitRule.ActivationThreshold(key, approximation, reference, 4);
            for (var x = 1; x <= Q15Quotient.MaxMagnitude; x++)
            {
                Assert.Equal(x > tau, UnitRule.Keeps(key, Q15Quotient.Compute(approximation, reference, x, 4)));
            }
        }
    }

    [Fact]
    public void A_zero_threshold_keeps_every_non_zero_product()
    {
        Assert.Equal(0f, UnitRule.ActivationThreshold(1e-30f, DivisionApproximation.FloatBits, 0f, 4));
        Assert.Equal(0, UnitRule.ActivationThreshold(1, DivisionApproximation.Exact, 0, 4));
    }
}
