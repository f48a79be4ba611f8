using UnIT.Analyzers.Tests.Infrastructure;
using Xunit;
using static UnIT.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace UnIT.Analyzers.Tests;

/// <summary>UNIT002: T >= max|w| · max|a|, so the layer (or group) skips every MAC and outputs only its bias.</summary>
public class ThresholdSkipsEveryMacTests
{
    private const string Calibration = "net.calibration.txt";

    [Fact]
    public async Task Layer_threshold_at_the_bound_is_reported_with_its_numbers()
    {
        var diagnostics = await VerifyAsync(TestNetwork.Source(conv1: ", {|UNIT002:Threshold = 1f|}"), TestNetwork.Weights());
        Assert.Equal(
            "Threshold = 1 on layer 'conv1' is at least max|w| · max|a| = 0.5 · 2 = 1, so layer 'conv1' skips every MAC for inputs up to 2 and outputs only its bias "
            + "(max|w| after BatchNorm folding; max|a|: InputRange = 2 declared on [UnitNetwork])",
            Message(diagnostics[0]));
    }

    [Fact]
    public async Task Max_weight_is_taken_after_BatchNorm_folding()
    {
        // conv1's channel 0 is scaled by 4/sqrt(3 + 1e-5): max|w| 0.5 becomes 1.155, the bound 1 becomes 2.309.
        var diagnostics = await VerifyAsync(
            TestNetwork.Source(conv1: ", {|UNIT002:Threshold = 2.5f|}", afterConv1: "\n[BatchNorm(\"bn1\")]"), TestNetwork.Weights(batchNorm: true));
        Assert.Contains("max|w| · max|a| = 1.155 · 2 = 2.309", Message(diagnostics[0]), StringComparison.Ordinal);

        // Above the unfolded bound (1) but below the folded one: the layer still computes.
        await VerifyAsync(TestNetwork.Source(conv1: ", Threshold = 2f", afterConv1: "\n[BatchNorm(\"bn1\")]"), TestNetwork.Weights(batchNorm: true));
    }

    [Fact]
    public async Task Group_threshold_is_compared_with_its_own_channels_and_reported_on_its_element()
    {
        // Channel 1's weights are halved: max|w| = 0.25, bound 0.5; the layer-wide bound would be 1.
        var diagnostics = await VerifyAsync(
            TestNetwork.Source(conv1: ", GroupSize = 1, GroupThresholds = new[] { 0.6f, {|UNIT002:0.5f|} }"), TestNetwork.Weights(channel1Scale: 0.5f));
        Assert.StartsWith(
            "GroupThresholds[1] = 0.5 on group 1 (channel 1) of layer 'conv1' is at least max|w| · max|a| = 0.25 · 2 = 0.5, so group 1 (channel 1) of layer 'conv1' skips every MAC",
            Message(diagnostics[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inherited_threshold_is_reported_on_each_layer_it_silences()
    {
        var diagnostics = await VerifyAsync(
            """
            using UnIT;

            [UnitNetwork("net.npz", Input = "1x4x4", InputRange = 2f, Threshold = 10f)]
            [{|UNIT002:Conv2d("conv1", 2, Kernel = 3)|}]
            [ReLU]
            [Flatten]
            [{|UNIT002:Dense("fc1", 3)|}]
            public static partial class Net;
            """,
            TestNetwork.Weights());
        Assert.StartsWith("Threshold = 10 (inherited from [UnitNetwork]) on layer 'conv1' is at least max|w| · max|a| = 0.5 · 2 = 1,", Message(diagnostics[0]), StringComparison.Ordinal);

        // fc1's input range is conv1's worst-case output bound: max_o |b_o| + Σ|w_o| · 2 = 0.1 + 2.75 · 2 = 5.6.
        Assert.Equal(
            "Threshold = 10 (inherited from [UnitNetwork]) on layer 'fc1' is at least max|w| · max|a| = 0.25 · 5.6 = 1.4, so layer 'fc1' skips every MAC for inputs up to 5.6 "
            + "and outputs only its bias (max|w| after BatchNorm folding; max|a|: a worst-case bound from the weights of 'conv1' (no OutputRange declared or calibrated))",
            Message(diagnostics[1]));
    }

    [Fact]
    public async Task Input_range_declared_as_the_previous_layers_output_range_is_named()
    {
        var diagnostics = await VerifyAsync(TestNetwork.Source(conv1: ", OutputRange = 3f", fc1: ", {|UNIT002:Threshold = 0.75f|}"), TestNetwork.Weights());
        Assert.Contains("= 0.25 · 3 = 0.75", Message(diagnostics[0]), StringComparison.Ordinal);
        Assert.EndsWith("(max|w| after BatchNorm folding; max|a|: OutputRange = 3 declared on 'conv1')", Message(diagnostics[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_range_from_the_calibration_file_is_named()
    {
        var calibration = TestFiles.Calibration(Calibration, "Net", TestFiles.Layer("conv1", outputRange: 2f));
        var diagnostics = await VerifyAsync(
            TestNetwork.Source(network: $", Calibration = \"{Calibration}\"", fc1: ", {|UNIT002:Threshold = 0.5f|}"), TestNetwork.Weights(), calibration);
        Assert.EndsWith("max|a|: output range 2 of 'conv1' measured in 'net.calibration.txt')", Message(diagnostics[0]), StringComparison.Ordinal);

        // Without the calibrated range, fc1's input bound is 5.6 and the same threshold is fine.
        await VerifyAsync(TestNetwork.Source(fc1: ", Threshold = 0.5f"), TestNetwork.Weights());
    }

    [Fact]
    public async Task Thresholds_below_the_bound_off_or_on_a_Dense_kernel_are_not_reported()
    {
        await VerifyAsync(TestNetwork.Source(conv1: ", Threshold = 0.99f", fc1: ", Threshold = 1.39f"), TestNetwork.Weights());
        await VerifyAsync(TestNetwork.Source(network: ", Threshold = 0f"), TestNetwork.Weights());
        
        // A Dense kernel ignores the threshold (UNIT009; and the planner prices it above its own choice, UNIT007).
        await VerifyAsync(TestNetwork.Source(conv1: ", {|UNIT009:Threshold = 5f|}, {|UNIT007:Implementation = KernelImplementation.Dense|}"), TestNetwork.Weights());
    }

    [Fact]
    public async Task Is_silent_when_the_weights_are_missing_or_do_not_fit()
    {
        await VerifyAsync(TestNetwork.Source(conv1: ", Threshold = 5f"));
        var wrongShape = TestFiles.Weights(TestNetwork.FileName, TestNetwork.Tensors().Select(t => t.Name == "fc1.weight" ? TestFiles.Tensor("fc1.weight", _ => 1f, 3, 7) : t));
        await VerifyAsync(TestNetwork.Source(conv1: ", Threshold = 5f"), wrongShape);
    }

    [Fact]
    public async Task Fix_clamps_a_layer_threshold_to_half_the_bound()
    {
        await UnitCodeFixTest.VerifyAsync("UNIT002", TestNetwork.Source(conv1: ", {|UNIT002:Threshold = 1f|}"), TestNetwork.Source(conv1: ", Threshold = 0.5f"), [TestNetwork.Weights()],
            expectedTitle: "Clamp Threshold to 0.5f (half of max|w| · max|a|)");
    }

    [Fact]
    public async Task Fix_clamps_a_group_threshold_element()
    {
        await UnitCodeFixTest.VerifyAsync("UNIT002", TestNetwork.Source(conv1: ", GroupSize = 1, GroupThresholds = new[] { 0.6f, {|UNIT002:0.5f|} }"),
            TestNetwork.Source(conv1: ", GroupSize = 1, GroupThresholds = new[] { 0.6f, 0.25f }"), [TestNetwork.Weights(channel1Scale: 0.5f)]);
    }

    [Fact]
    public async Task Fix_all_gives_each_silenced_layer_its_own_threshold()
    {
        await UnitCodeFixTest.VerifyAsync("UNIT002",
            TestNetwork.Source(network: ", Threshold = 10f")
                .Replace("[Conv2d(\"conv1\", 2, Kernel = 3)]", "[{|UNIT002:Conv2d(\"conv1\", 2, Kernel = 3)|}]", StringComparison.Ordinal)
                .Replace("[Dense(\"fc1\", 3)]", "[{|UNIT002:Dense(\"fc1\", 3)|}]", StringComparison.Ordinal),
            TestNetwork.Source(network: ", Threshold = 10f", conv1: ", Threshold = 0.5f", fc1: ", Threshold = 0.7f"), [TestNetwork.Weights()]);
    }
}
