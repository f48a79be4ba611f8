using UnIT.Resources;
using UnIT.Training.Pruning;

namespace UnIT.Training.Tests.Structured;

public class ResourceBudgetTests
{
    private static readonly NetworkResources Mnist = ResourceModel.Analyze(TestNetworks.PaperMnist(), ElementSizes.Q15);

    [Fact]
    public void Half_of_the_paper_model_in_Q15()
    {
        var budget = ResourceBudget.FractionOf(Mnist, ram: 0.5, macs: 0.5);

        Assert.Equal(121_280, budget.Macs);
        Assert.Equal(4_320, budget.PeakRamBytes); // pool1 holds conv1's 6x24x24 and its own 6x12x12 int16 buffers: 8,640 B
        Assert.Null(budget.FlashBytes);
        Assert.Equal([ResourceKind.PeakRam, ResourceKind.Macs], budget.Kinds);
        Assert.False(budget.IsMetBy(Mnist));
        Assert.All(budget.Check(Mnist), usage => Assert.Equal(1.0, usage.Excess, 1e-12));
    }

    [Fact]
    public void The_RAM_limit_measures_with_or_without_the_input_buffer()
    {
        var without = new ResourceBudget { PeakRamBytes = 8_640 };
        var with = without with { RamIncludesInput = true };

        Assert.Equal(Mnist.PeakRamBytes, without.Measure(Mnist, ResourceKind.PeakRam));
        Assert.Equal(Mnist.PeakRamBytesWithInput, with.Measure(Mnist, ResourceKind.PeakRam));
        Assert.True(without.IsMetBy(Mnist));
        Assert.Equal(Mnist.PeakRamBytesWithInput <= 8_640, with.IsMetBy(Mnist));
        Assert.Equal(Mnist.PeakRamBytesWithInput / 2, ResourceBudget.FractionOf(Mnist, ram: 0.5, ramIncludesInput: true).PeakRamBytes);
    }

    [Theory]
    [InlineData("50%", 242_560, 121_280)]
    [InlineData("12.5%", 8_640, 1_080)]
    [InlineData("33%", 100, 33)]
    [InlineData("4320", 8_640, 4_320)]
    [InlineData("121_280", 0, 121_280)]
    [InlineData(" 121,280 ", 0, 121_280)]
    public void Limits_are_numbers_or_percentages_of_the_dense_model(string text, long dense, long expected) =>
        Assert.Equal(expected, ResourceBudget.ParseLimit(text, dense));

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("half")]
    [InlineData("0%")]
    [InlineData("150%")]
    [InlineData("1.5")]
    public void Bad_limits_say_what_was_expected(string text)
    {
        var error = Assert.Throws<FormatException>(() => ResourceBudget.ParseLimit(text, 1000, "MACs budget"));
        Assert.Contains("MACs budget", error.Message, StringComparison.Ordinal);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_that_limits_nothing_is_refused()
    {
        var network = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 1);
        Assert.Throws<ArgumentException>(() => new ResourceBudgetLoss(new ResourceBudget(), 1));
        Assert.Throws<ArgumentException>(() => new StructuredPruner().Prune(network, TestNetworks.Bars(8, 1), TestNetworks.Bars(8, 2), new ResourceBudget { Macs = 0 }));
    }

    [Fact]
    public void The_budget_loss_is_zero_within_budget()
    {
        var network = TrainableNetwork.Create(TestNetworks.PaperMnist(), seed: 1);
        var onChip = ResourceAccounting.Default.Analyze(network.Definition); // the loss's default accounting
        var within = new ResourceBudget { Macs = onChip.Macs, PeakRamBytes = onChip.PeakRamBytes, FlashBytes = onChip.FlashBytes };
        var loss = new ResourceBudgetLoss(within, weight: 1);
        var before = network.Parameters.Select(p => (float[])p.Gradient.Clone()).ToList();

        Assert.Equal(0, loss.Value(network));
        Assert.Equal(0, loss.AddGradients(network));
        Assert.Equal(before, network.Parameters.Select(p => p.Gradient));
    }

    [Fact]
    public void The_budget_loss_grows_with_the_excess_and_the_channel_costs()
    {
        var network = TrainableNetwork.Create(TestNetworks.PaperMnist(), seed: 1);
        double Loss(double fraction) => new ResourceBudgetLoss(ResourceBudget.FractionOf(Mnist, macs: fraction), weight: 1).Value(network);

        var values = new[] { 0.99, 0.9, 0.7, 0.5, 0.3 }.Select(Loss).ToArray();
        Assert.All(values, v => Assert.True(v > 0));
        Assert.True(values.Zip(values.Skip(1)).All(p => p.Second > p.First), string.Join(", ", values));

        // Exactly λ · e · Σ_l (saving_l / B) · Σ_c ‖θ_c‖ with the resource model's channel costs.
        var budget = ResourceBudget.FractionOf(Mnist, macs: 0.5);
        var excess = (double)(Mnist.Macs - budget.Macs!.Value) / budget.Macs.Value;
        var expected = 0.0;
        foreach (var name in new[] { "conv1", "conv2" })
        {
            var layer = network.Layer(name);
            var saving = Mnist.ChannelCosts.Single(c => c.Label == name).Macs;
            var norms = Enumerable.Range(0, layer.Geometry.OutChannels).Sum(c => Norm(layer, c));
            expected += excess * saving / budget.Macs.Value * norms;
        }

        Assert.Equal(expected * 0.25, new ResourceBudgetLoss(budget, weight: 0.25).Value(network), 1e-9);
    }

    [Fact]
    public void The_budget_loss_gradient_matches_finite_differences_and_spares_masked_channels_and_the_classifier()
    {
        var network = TrainableNetwork.Create(TestNetworks.PaperMnist(), seed: 3);
        StructuredNetworks.PruneChannels(network, "conv1", MaskMode.Soft, 2);
        var loss = new ResourceBudgetLoss(ResourceBudget.FractionOf(ResourceAccounting.Default.Analyze(network.Definition), ram: 0.4, flash: 0.6), weight: 0.5);
        foreach (var parameter in network.Parameters)
        {
            Array.Clear(parameter.Gradient);
        }

        loss.AddGradients(network);

        foreach (var (name, index) in new[] { ("conv1.weight", 7), ("conv1.bias", 4), ("conv2.weight", 1234), ("conv2.bias", 15) })
        {
            var parameter = network.Parameters.Single(p => p.Name == name);
            var original = parameter.Values[index];
            const float h = 1e-2f;
            parameter.Values[index] = original + h;
            var up = loss.Value(network);
            parameter.Values[index] = original - h;
            var down = loss.Value(network);
            parameter.Values[index] = original;
            Assert.Equal((up - down) / (2 * h), parameter.Gradient[index], 1e-4);
        }

        var conv1 = network.Layer("conv1");
        Assert.All(conv1.Weight.Gradient.AsSpan(2 * 25, 25).ToArray(), g => Assert.Equal(0f, g)); // masked channel: no penalty
        Assert.All(network.Layer("fc1").Weight.Gradient, g => Assert.Equal(0f, g));              // classifier: never
        Assert.NotEqual(0f, conv1.Weight.Gradient[0]);
    }

    private static double Norm(TrainableLayer layer, int channel) =>
        Math.Sqrt(layer.Weight.Values.AsSpan(channel * layer.WeightsPerChannel, layer.WeightsPerChannel).ToArray().Sum(w => (double)w * w)
            + ((double)layer.Bias!.Values[channel] * layer.Bias.Values[channel]));
}
