using UnIT.Analyzers.Tests.Infrastructure;
using Xunit;
using static UnIT.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace UnIT.Analyzers.Tests;

/// <summary>UNIT001: a threshold that is negative, NaN or infinite, reported on the argument (or array element).</summary>
public class InvalidThresholdTests
{
    [Fact]
    public async Task Negative_network_threshold_is_reported_on_the_argument()
    {
        var diagnostics = await VerifyAsync(TestNetwork.Source(network: ", {|UNIT001:Threshold = -0.05f|}"), TestNetwork.Weights());
        Assert.Equal("Threshold of network 'Net' (the default of every conv/dense layer without its own) is -0.05; it must be a finite number >= 0 (0 turns UnIT off)",
            Message(diagnostics[0]));
    }

    [Fact]
    public async Task NaN_layer_threshold_is_reported_on_the_argument()
    {
        var diagnostics = await VerifyAsync(TestNetwork.Source(conv1: ", {|UNIT001:Threshold = float.NaN|}"), TestNetwork.Weights());
        Assert.Equal("Threshold of layer 'conv1' is NaN; it must be a finite number >= 0 (0 turns UnIT off for the layer)", Message(diagnostics[0]));
    }

    [Fact]
    public async Task Infinite_group_threshold_is_reported_on_its_element()
    {
        var diagnostics = await VerifyAsync(
            TestNetwork.Source(conv1: ", GroupSize = 1, GroupThresholds = new[] { 0.1f, {|UNIT001:float.PositiveInfinity|} }"), TestNetwork.Weights());
        Assert.Equal("GroupThresholds[1] of layer 'conv1' is +Infinity; it must be a finite number >= 0 (0 turns UnIT off for the group)", Message(diagnostics[0]));
    }

    [Fact]
    public async Task Negative_element_of_a_collection_expression_is_reported_on_its_element()
    {
        await VerifyAsync(TestNetwork.Source(fc1: ", GroupSize = 1, GroupThresholds = [0.1f, {|UNIT001:-1f|}, 0.2f]"), TestNetwork.Weights());
    }

    [Fact]
    public async Task Negative_activation_threshold_is_reported()
    {
        var diagnostics = await VerifyAsync(TestNetwork.Source(relu: "({|UNIT001:ActivationThreshold = -1f|})"), TestNetwork.Weights());
        Assert.Equal("ActivationThreshold of 'relu1' is -1; it must be a finite number >= 0 (0 is a plain ReLU)", Message(diagnostics[0]));
    }

    [Fact]
    public async Task Is_reported_without_a_weight_file()
    {
        await VerifyAsync(TestNetwork.Source(fc1: ", {|UNIT001:Threshold = -1f|}"));
    }

    [Fact]
    public async Task Zero_negative_zero_and_positive_thresholds_are_valid()
    {
        await VerifyAsync(
            TestNetwork.Source(network: ", Threshold = 0f", conv1: ", Threshold = -0f", relu: "(ActivationThreshold = 0f)", fc1: ", GroupSize = 1, GroupThresholds = new[] { 0f, 0.01f, 0.02f }"),
            TestNetwork.Weights());
    }
}
