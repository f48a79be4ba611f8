using UnIT.Model;
using UnIT.Resources;
using Xunit;

namespace UnIT.Core.Tests.Resources;

public class ResourceModelTests
{
    // Liberis & Lane's worked check: input 3x32x32 (1 byte per element) -> Conv2d(5, k3, valid) -> 5x30x30 -> Dense(10).
    private static NetworkDefinition Worked(int filters) =>
        new NetworkBuilder("Worked", TensorShape.Of(3, 32, 32)).Conv2d("conv", filters, 3).Flatten().Dense("fc", 10).Build();

    [Fact]
    public void The_worked_example_from_the_paper()
    {
        var resources = ResourceModel.Analyze(Worked(5), ElementSizes.Byte);
        Assert.Equal(45_150, resources.FlashBytes);
        Assert.Equal(166_500, resources.Macs);
        Assert.Equal(4_510, resources.PeakRamBytes);
        Assert.Equal(7_572, resources.PeakRamBytesWithInput);
        Assert.Equal("conv", resources.Bottleneck);
    }

    [Fact]
    public void The_worked_example_pruned_to_three_filters()
    {
        var resources = ResourceModel.Analyze(Worked(3), ElementSizes.Byte);
        Assert.Equal(27_094, resources.FlashBytes);
        Assert.Equal(99_900, resources.Macs);
        Assert.Equal(2_710, resources.PeakRamBytes);
    }

    [Fact]
    public void The_marginal_cost_of_a_channel_is_the_difference_of_removing_it()
    {
        var five = ResourceModel.Analyze(Worked(5), ElementSizes.Byte);
        var four = ResourceModel.Analyze(Worked(4), ElementSizes.Byte);
        var channel = five.ChannelCosts.Single(c => c.Label == "conv");
        Assert.Equal(five.FlashBytes - four.FlashBytes, channel.FlashBytes);
        Assert.Equal(five.Macs - four.Macs, channel.Macs);
        Assert.Equal(five.PeakRamBytes - four.PeakRamBytes, channel.ActivationBytes);
    }

    [Fact]
    public void Mnist_channel_costs_follow_through_pools_and_flatten()
    {
        var network = new NetworkBuilder("Mnist", TensorShape.Of(1, 28, 28))
            .Conv2d("conv1", 6, 5).ReLU().MaxPool2d(2).Conv2d("conv2", 16, 5).ReLU().MaxPool2d(2).Flatten().Dense("fc1", 10).Build();
        var all = ResourceModel.Analyze(network, ElementSizes.Q15);
        Assert.Equal(242_560, all.Macs);
        Assert.Equal((5110 * 2) + (32 * 4), all.FlashBytes); // 5,110 weights (papers.md) in int16, 32 biases in int32
        foreach (var (label, narrower) in new[] { ("conv1", Network(network, 5, 16)), ("conv2", Network(network, 6, 15)) })
        {
            var cost = all.ChannelCosts.Single(c => c.Label == label);
            var less = ResourceModel.Analyze(narrower, ElementSizes.Q15);
            Assert.Equal(all.FlashBytes - less.FlashBytes, cost.FlashBytes);
            Assert.Equal(all.Macs - less.Macs, cost.Macs);
        }
    }

    private static NetworkDefinition Network(NetworkDefinition template, int conv1, int conv2) =>
        new NetworkBuilder(template.Name, template.InputShape)
            .Conv2d("conv1", conv1, 5).ReLU().MaxPool2d(2).Conv2d("conv2", conv2, 5).ReLU().MaxPool2d(2).Flatten().Dense("fc1", 10).Build();
}
