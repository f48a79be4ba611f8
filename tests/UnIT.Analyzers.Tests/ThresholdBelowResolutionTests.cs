using UnIT.Analyzers.Tests.Infrastructure;
using Xunit;
using static UnIT.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace UnIT.Analyzers.Tests;

/// <summary>UNIT003: a threshold below the number format's resolution, so it has no effect.</summary>
public class ThresholdBelowResolutionTests
{
    private const string Q15 = ", Format = NumberFormat.Q15";

    [Fact]
    public async Task Q15_threshold_whose_integer_threshold_is_zero_is_reported()
    {
        // conv1: input range 2 gives s_in = 13, max|w| = 0.5 gives s_w = 15; floor(1e-9 · 2^28) = 0.
        var diagnostics = await VerifyAsync(TestNetwork.Source(network: Q15, conv1: ", {|UNIT003:Threshold = 1e-9f|}"), TestNetwork.Weights());
        Assert.Equal(
            "Threshold = 1E-09 on layer 'conv1' is below the Q15 resolution: its integer threshold ⌊T · 2^(s_in+s_w)⌋ = ⌊1E-09 · 2^28⌋ is 0 (s_in = 13, s_w = 15), "
            + "so it skips nothing that 0 would not; the smallest effective value is 2^-28 ≈ 3.725E-09",
            Message(diagnostics[0]));
    }

    [Fact]
    public async Task Q15_threshold_at_one_integer_step_is_not_reported()
    {
        // 2^-28 ≈ 3.725e-9: 3.7e-9 rounds down to 0, 3.8e-9 to 1.
        await VerifyAsync(TestNetwork.Source(network: Q15, conv1: ", {|UNIT003:Threshold = 3.7e-9f|}"), TestNetwork.Weights());
        await VerifyAsync(TestNetwork.Source(network: Q15, conv1: ", {|UNIT010:Threshold = 3.8e-9f|}"), TestNetwork.Weights());
    }

    [Fact]
    public async Task Q15_group_threshold_is_reported_on_its_element()
    {
        await VerifyAsync(TestNetwork.Source(network: Q15, fc1: ", GroupSize = 1, GroupThresholds = new[] { 0.01f, {|UNIT003:1e-12f|}, 0f }"), TestNetwork.Weights());
    }

    [Fact]
    public async Task Float32_threshold_below_the_float_rounding_of_the_largest_product_is_reported()
    {
        var diagnostics = await VerifyAsync(TestNetwork.Source(conv1: ", {|UNIT003:Threshold = 1e-8f|}"), TestNetwork.Weights());
        Assert.Equal(
            "Threshold = 1E-08 on layer 'conv1' is below the Float32 resolution: it is below 2^-24 · max|w| · max|a| = 2^-24 · 0.5 · 2 = 5.96E-08, "
            + "so every product it can skip is below the float rounding of the largest product (max|a|: InputRange = 2 declared on [UnitNetwork]); "
            + "the smallest effective value is 5.96E-08",
            Message(diagnostics[0]));
        // Effective, but too small to pay for its comparisons: UNIT010, not UNIT003.
        await VerifyAsync(TestNetwork.Source(conv1: ", {|UNIT010:Threshold = 6e-8f|}"), TestNetwork.Weights());
    }

    [Fact]
    public async Task Inherited_threshold_is_reported_on_the_layer()
    {
        await VerifyAsync(
            """
            using UnIT;

            [UnitNetwork("net.npz", Input = "1x4x4", InputRange = 2f, Format = NumberFormat.Q15, Threshold = 1e-10f)]
            [{|UNIT003:Conv2d("conv1", 2, Kernel = 3)|}]
            [ReLU]
            [Flatten]
            [{|UNIT003:Dense("fc1", 3)|}]
            public static partial class Net;
            """,
            TestNetwork.Weights());
    }

    [Fact]
    public async Task Fix_raises_a_Q15_threshold_to_the_smallest_effective_value()
    {
        var fixedSource = TestNetwork.Source(network: Q15, conv1: ", Threshold = 3.8E-09f");
        await UnitCodeFixTest.VerifyAsync("UNIT003", TestNetwork.Source(network: Q15, conv1: ", {|UNIT003:Threshold = 1e-9f|}"), fixedSource, [TestNetwork.Weights()],
            expectedTitle: "Raise Threshold to 3.8E-09f, the smallest effective value");
        await VerifyAsync(TestNetwork.Source(network: Q15, conv1: ", {|UNIT010:Threshold = 3.8E-09f|}"), TestNetwork.Weights());
    }

    [Fact]
    public async Task Fix_raises_a_Float32_group_threshold_element()
    {
        // fc1: max|w| 0.25, input bound 5.6: 2^-24 · 1.4 = 8.34e-8, raised to 8.4e-8.
        var fixedSource = TestNetwork.Source(fc1: ", GroupSize = 1, GroupThresholds = new[] { 0.01f, 8.4E-08f, 0f }");
        await UnitCodeFixTest.VerifyAsync("UNIT003", TestNetwork.Source(fc1: ", GroupSize = 1, GroupThresholds = new[] { 0.01f, {|UNIT003:1e-12f|}, 0f }"), fixedSource, [TestNetwork.Weights()]);
        await VerifyAsync(fixedSource, TestNetwork.Weights());
    }
}
