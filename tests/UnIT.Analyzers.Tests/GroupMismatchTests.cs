using UnIT.Analyzers.Tests.Infrastructure;
using Xunit;
using static UnIT.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace UnIT.Analyzers.Tests;

/// <summary>UNIT004: a GroupSize that does not divide the output channels, or a wrong number of group thresholds.</summary>
public class GroupMismatchTests
{
    [Fact]
    public async Task Group_size_that_does_not_divide_the_channels_is_reported_with_the_divisors()
    {
        var diagnostics = await VerifyAsync(TestNetwork.Source(fc1: ", {|UNIT004:GroupSize = 2|}"), TestNetwork.Weights());
        Assert.Equal("Layer 'fc1': GroupSize = 2 does not divide its 3 output channels; use a divisor of 3 (1, 3)", Message(diagnostics[0]));
    }

    [Fact]
    public async Task Negative_group_size_is_reported()
    {
        await VerifyAsync(TestNetwork.Source(conv1: ", {|UNIT004:GroupSize = -1|}"), TestNetwork.Weights());
    }

    [Fact]
    public async Task Too_few_group_thresholds_are_reported_on_the_array()
    {
        var diagnostics = await VerifyAsync(TestNetwork.Source(conv1: ", GroupSize = 1, {|UNIT004:GroupThresholds = new[] { 0.1f }|}"), TestNetwork.Weights());
        Assert.Equal("Layer 'conv1': GroupThresholds has 1 value, but GroupSize = 1 splits the 2 output channels into 2 groups; give exactly 2", Message(diagnostics[0]));
    }

    [Fact]
    public async Task Several_group_thresholds_without_a_group_size_suggest_one()
    {
        var diagnostics = await VerifyAsync(TestNetwork.Source(conv1: ", {|UNIT004:GroupThresholds = new[] { 0.1f, 0.2f }|}"), TestNetwork.Weights());
        Assert.Equal("Layer 'conv1': GroupThresholds has 2 values, but without GroupSize the layer's 2 output channels are one group; set GroupSize = 1 for 2 groups",
            Message(diagnostics[0]));
    }

    [Fact]
    public async Task Matching_groups_are_not_reported()
    {
        await VerifyAsync(
            TestNetwork.Source(conv1: ", GroupSize = 2, GroupThresholds = new[] { 0.1f }", fc1: ", GroupSize = 3", network: ", Threshold = 0.01f"),
            TestNetwork.Weights());
        await VerifyAsync(TestNetwork.Source(conv1: ", GroupThresholds = new[] { 0.1f }", fc1: ", GroupSize = 1, GroupThresholds = new[] { 0.1f, 0f, 0.2f }"), TestNetwork.Weights());
    }
}
