using System.Globalization;
using UnIT.Analyzers.Tests.Infrastructure;
using UnIT.Costs;
using UnIT.Model;
using Xunit;
using static UnIT.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace UnIT.Analyzers.Tests;

/// <summary>
/// UNIT006 (a division approximation the profile runs badly) and UNIT007 (a forced implementation slower than the
/// planner's choice). Expected numbers come from the core planner run directly on the same network.
/// </summary>
public class CostRuleTests
{
    private const string NoMultiplier = ", Format = NumberFormat.Q15, Profile = TargetProfile.Msp430NoMultiplier";
    private const string ForcedSorted = ", Threshold = 0.01f, {|UNIT007:Implementation = KernelImplementation.Sorted|}";

    private static readonly NetworkOptions SoftFloat = new() { InputRange = 2f, Profile = TargetProfile.Msp430FR5994SoftFloat };

    private static string N0(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Forced_implementation_slower_than_the_planners_choice_is_reported_with_both_estimates()
    {
        var choice = TestNetwork.Plan(SoftFloat, PruningSettings.Default with { Implementation = KernelImplementation.Sorted }).ChoiceFor("fc1");
        var best = choice.Estimates[0];
        Assert.NotEqual(KernelImplementation.Sorted, best.Implementation);

        var diagnostics = await VerifyAsync(TestNetwork.Source(fc1: ", {|UNIT007:Implementation = KernelImplementation.Sorted|}"), TestNetwork.Weights());
        Assert.Equal(
            $"Layer 'fc1': Implementation = Sorted is estimated at {N0(choice.Chosen.Cycles)} cycles per inference on Msp430FR5994SoftFloat, "
            + $"but the planner would choose {best.Implementation} at {N0(best.Cycles)} cycles (assumed: 50% zeros, magnitudes uniform on (0, 5.6])",
            Message(diagnostics[0]));
    }

    [Fact]
    public async Task Forced_implementation_names_the_calibrated_statistics_it_was_priced_with()
    {
        var calibration = TestFiles.Calibration("net.calibration.txt", "Net",
            TestFiles.Layer("fc1", outputRange: 4f) with { InputZeroFraction = 0.75, InputMagnitudes = new(new[] { 0.5f, 1f, 2f, 4f }) });
        var diagnostics = await VerifyAsync(
            TestNetwork.Source(network: ", Calibration = \"net.calibration.txt\"", fc1: ", {|UNIT007:Implementation = KernelImplementation.Sorted|}"), TestNetwork.Weights(), calibration);
        Assert.EndsWith("(calibrated on 1000 samples: 75% zeros, median |a| 2)", Message(diagnostics[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forcing_the_planners_own_choice_is_not_reported()
    {
        var planned = TestNetwork.Plan(SoftFloat).ChoiceFor("fc1").Implementation;
        await VerifyAsync(TestNetwork.Source(fc1: $", Implementation = KernelImplementation.{planned}"), TestNetwork.Weights());
    }

    [Fact]
    public async Task Fix_lets_the_planner_choose()
    {
        await UnitCodeFixTest.VerifyAsync("UNIT007", TestNetwork.Source(fc1: ForcedSorted), TestNetwork.Source(fc1: ", Threshold = 0.01f"), [TestNetwork.Weights()],
            expectedTitle: "Let the planner choose (remove Implementation = Sorted)");
    }

    /// <summary>
    /// At the compiled loops' prices a quotient costs more the more exact it is (Exact's 32 restoring steps above the
    /// table's two products, above FloatBits' one), on both Q15 profiles. A one-bit reciprocal table (bound 20 %) is less
    /// accurate than FloatBits (12.5 %) and costs more per quotient: that one is dominated.
    /// </summary>
    [Theory]
    [InlineData(TargetProfile.Msp430NoMultiplier)]
    [InlineData(TargetProfile.Msp430FR5994)]
    public async Task A_coarse_reciprocal_table_is_reported_with_the_cycle_differences(TargetProfile target)
    {
        var profile = CostProfile.For(target);
        var (lut, floatBits) = (profile.CyclesPer(CostEvent.QuotientReciprocalLut), profile.CyclesPer(CostEvent.QuotientFloatBits));
        var sorted = PruningSettings.Default with { Threshold = 0.01f, Implementation = KernelImplementation.Sorted };
        var options = new NetworkOptions { InputRange = 2f, Format = NumberFormat.Q15, Profile = target, ReciprocalTableBits = 1 };
        var withLut = TestNetwork.Plan(options with { Division = DivisionApproximation.ReciprocalLut }, sorted);
        var withFloatBits = TestNetwork.Plan(options with { Division = DivisionApproximation.FloatBits }, sorted);
        var saving = withLut.Layers.Sum(l => l.Chosen.Cycles) - withFloatBits.Layers.Sum(l => l.Chosen.Cycles);
        Assert.True(lut > floatBits && saving > 0);

        var network = $", Format = NumberFormat.Q15, Profile = TargetProfile.{target}, ReciprocalTableBits = 1, {{|UNIT006:Division = DivisionApproximation.ReciprocalLut|}}";
        var diagnostics = await VerifyAsync(TestNetwork.Source(network: network, fc1: ForcedSorted), TestNetwork.Weights());
        Assert.Equal(
            $"Division = ReciprocalLut costs {lut:0.##} cycles per quotient on {target}, more than FloatBits at {floatBits:0.##} cycles, which is at least as accurate "
            + $"(error bound ±20 % vs +12.5 %): {lut - floatBits:0.##} cycles more per quotient and an estimated {N0(saving)} cycles more per inference "
            + $"(planned quotients per inference: conv1 0 (Dense), fc1 {N0(withLut.ChoiceFor("fc1").Chosen.Quotients)} (Sorted))",
            Message(diagnostics[0]));
    }

    [Fact]
    public async Task The_default_table_and_float_bits_are_not_reported_now_that_exactness_costs_more()
    {
        var profile = CostProfile.For(TargetProfile.Msp430NoMultiplier);
        Assert.True(profile.CyclesPer(CostEvent.QuotientExact) > profile.CyclesPer(CostEvent.QuotientReciprocalLut));
        Assert.True(profile.CyclesPer(CostEvent.QuotientReciprocalLut) > profile.CyclesPer(CostEvent.QuotientFloatBits));
        await VerifyAsync(TestNetwork.Source(network: NoMultiplier + ", Division = DivisionApproximation.ReciprocalLut", fc1: ForcedSorted), TestNetwork.Weights());
        await VerifyAsync(TestNetwork.Source(network: NoMultiplier + ", Division = DivisionApproximation.FloatBits", fc1: ForcedSorted), TestNetwork.Weights());
    }

    [Fact]
    public async Task Approximations_that_suit_the_profile_or_compute_no_quotients_are_not_reported()
    {
        // The table is cheaper than a division, and more accurate than FloatBits.
        await VerifyAsync(TestNetwork.Source(network: ", Format = NumberFormat.Q15, Division = DivisionApproximation.ReciprocalLut", fc1: ForcedSorted), TestNetwork.Weights());

        // Left to itself the planner picks division-free kernels, so the table costs nothing here.
        await VerifyAsync(TestNetwork.Source(network: NoMultiplier + ", Division = DivisionApproximation.ReciprocalLut", fc1: ", Threshold = 0.01f"), TestNetwork.Weights());

        // Pow2 is the cheapest everywhere; Exact is the most accurate.
        await VerifyAsync(TestNetwork.Source(network: NoMultiplier + ", Division = DivisionApproximation.Pow2", fc1: ForcedSorted), TestNetwork.Weights());
        await VerifyAsync(TestNetwork.Source(network: NoMultiplier + ", Division = DivisionApproximation.Exact", fc1: ForcedSorted), TestNetwork.Weights());

        // Software float: FloatBits is one subtraction.
        await VerifyAsync(TestNetwork.Source(network: ", Division = DivisionApproximation.FloatBits", fc1: ForcedSorted), TestNetwork.Weights());
    }

    [Fact]
    public async Task Fix_switches_to_the_suggested_approximation()
    {
        const string Fc1 = ", Threshold = 0.01f, Implementation = KernelImplementation.Sorted";
        const string Network = NoMultiplier + ", ReciprocalTableBits = 1";
        await UnitCodeFixTest.VerifyAsync("UNIT006",
            TestNetwork.Source(network: Network + ", {|UNIT006:Division = DivisionApproximation.ReciprocalLut|}", fc1: Fc1),
            TestNetwork.Source(network: Network + ", Division = DivisionApproximation.FloatBits", fc1: Fc1),
            [TestNetwork.Weights()], expectedTitle: "Use Division = FloatBits");
    }
}
