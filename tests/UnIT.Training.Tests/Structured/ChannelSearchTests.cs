using UnIT.Model;
using UnIT.Resources;
using UnIT.Training.Data;
using UnIT.Training.Optimizers;
using UnIT.Training.Pruning;

namespace UnIT.Training.Tests.Structured;

public class ChannelSearchTests
{
    private static readonly Dataset Bars = TestNetworks.Bars(240, seed: 7);

    /// <summary>1x6x6 → conv1 4 → ReLU → max pool → flatten → fc1 3, trained on the bars.</summary>
    private static TrainableNetwork TrainedBars()
    {
        var definition = new NetworkBuilder("bars", TensorShape.Of(1, 6, 6)).Conv2d("conv1", 4, 3).ReLU().MaxPool2d(2).Flatten().Dense("fc1", 3).Build();
        var network = TrainableNetwork.Create(definition, seed: 5);
        new Trainer(network, TrainingOptions.Default with { Epochs = 6, BatchSize = 16, Optimizer = new AdamSettings(0.01), MaxTranslation = 0 }).Train(Bars);
        return network;
    }

    private static readonly Dataset MnistShaped = TestNetworks.RandomData(TensorShape.Of(1, 28, 28), 32, classes: 10, seed: 4);

    /// <summary>Liberis &amp; Lane's accounting: the costs below are the paper model's (activation buffers alone, weights and biases).</summary>
    private static readonly ResourceAccounting WeightsOnly = ResourceAccounting.WeightsOnly(ElementSizes.Q15);

    private static readonly StructuredPruningOptions Quick = StructuredPruningOptions.Default with
    {
        Accounting = WeightsOnly,
        ProbeSamples = 96,
        SalienceSmoothing = 0,
        Search = TrainingOptions.Default with { BatchSize = 16 },
        EvaluateEveryStep = false,
    };

    private static ChannelSearch Search(TrainableNetwork network, ResourceBudget budget, StructuredPruningOptions? options = null)
    {
        options ??= Quick;
        var data = network.InputSize == MnistShaped.SampleSize ? MnistShaped : Bars;
        var prunable = ChannelPruning.PrunableLayers(network.Definition);
        foreach (var name in prunable)
        {
            var layer = network.Layer(name);
            (layer.Mask ?? layer.AddMask(MaskMode.Soft)).Mode = MaskMode.Soft;
        }

        return new ChannelSearch(network, prunable, budget, options, data, data, stepCompleted: null);
    }

    [Fact]
    public void Cost_weighs_each_exceeded_resource_by_its_excess_and_ranking_is_salience_per_cost()
    {
        var network = TrainableNetwork.Create(TestNetworks.PaperMnist(), seed: 1);
        var dense = WeightsOnly.Analyze(network.Definition);
        var budget = ResourceBudget.FractionOf(dense, ram: 0.5, macs: 0.8);
        var search = Search(network, budget);

        // RAM is 100 % over, MACs 25 %; a conv1 channel frees 1,440 B of the pool1 peak and 40,000 MACs, a conv2 channel
        // none of that peak and 9,760 MACs.
        var macExcess = (242_560.0 - budget.Macs!.Value) / budget.Macs.Value;
        Assert.Equal(0.25, macExcess, 1e-4);
        Assert.Equal((1.0 * 1_440 / 4_320) + (macExcess * 40_000 / budget.Macs.Value), search.Model.RankingCost(0), 1e-12);
        Assert.Equal(macExcess * 9_760 / budget.Macs.Value, search.Model.RankingCost(1), 1e-12);

        // conv1 channels cost ≈ 0.385 each, conv2 channels ≈ 0.0126: a conv2 channel must be 30 times less salient to go first.
        for (var c = 0; c < 6; c++)
        {
            search.SetSalience(0, c, 1 + c);
        }

        for (var c = 0; c < 16; c++)
        {
            search.SetSalience(1, c, 0.01 + (0.01 * c));
        }

        var ranked = search.Ranked().ToList();
        Assert.Equal(22, ranked.Count);
        Assert.Equal(ranked.OrderBy(r => r.Salience / search.Model.RankingCost(r.Layer)).Select(r => (r.Layer, r.Channel)), ranked.Select(r => (r.Layer, r.Channel)));
        // conv2[2]: 0.03/0.0126 = 2.4 < conv1[0]: 1/0.385 = 2.6 < conv2[3]: 0.04/0.0126 = 3.2
        Assert.Equal([(1, 0), (1, 1), (1, 2), (0, 0), (1, 3)], ranked.Take(5).Select(r => (r.Layer, r.Channel)));

        // A costly channel that matters enough stays: raise conv1's salience tenfold and every conv2 channel goes first.
        for (var c = 0; c < 6; c++)
        {
            search.SetSalience(0, c, 10 * (1 + c));
        }

        Assert.All(search.Ranked().Take(16), r => Assert.Equal(1, r.Layer));
    }

    [Fact]
    public void Channels_that_save_nothing_of_an_exceeded_resource_are_never_pruned_for_it()
    {
        var network = TrainableNetwork.Create(TestNetworks.PaperMnist(), seed: 1);
        var dense = WeightsOnly.Analyze(network.Definition);
        var search = Search(network, ResourceBudget.FractionOf(dense, ram: 0.5), Quick with { Salience = ChannelSalience.L2Norm });

        Assert.Equal(0, search.Model.RankingCost(1)); // conv2 does not touch the pool1 peak
        for (var step = 0; step < 3; step++)
        {
            search.RunStep(0, step);
        }

        Assert.Equal(3, ChannelPruning.Widths(network)["conv1"]);
        Assert.Equal(16, ChannelPruning.Widths(network)["conv2"]);
        Assert.True(search.Met);
    }

    [Fact]
    public void Taylor_salience_of_kept_channels_is_the_mean_per_sample_first_order_term_of_their_weights()
    {
        var network = TrainableNetwork.Create(StructuredNetworks.ConvConvDense(), seed: 8);
        var data = TestNetworks.RandomData(network.InputShape, 12, classes: 3, seed: 9);
        var prunable = ChannelPruning.PrunableLayers(network.Definition);
        var probe = new ChannelProbe(network, prunable, data, [.. Enumerable.Range(0, 12)], batchSize: 5, maxDegreeOfParallelism: 2);

        var measured = probe.Measure();

        // |Σ_{θ ∈ channel} θ·∂L_s/∂θ| per sample s, with the gradient of that sample's loss alone, averaged.
        var trainer = new Trainer(network);
        var expected = prunable.Select(name => new double[network.Layer(name).Geometry.OutChannels]).ToArray();
        for (var s = 0; s < 12; s++)
        {
            trainer.ComputeGradients(data, [s]);
            for (var l = 0; l < prunable.Count; l++)
            {
                var layer = network.Layer(prunable[l]);
                for (var c = 0; c < expected[l].Length; c++)
                {
                    var sum = (double)layer.Bias!.Values[c] * layer.Bias.Gradient[c];
                    for (var i = 0; i < layer.WeightsPerChannel; i++)
                    {
                        var k = (c * layer.WeightsPerChannel) + i;
                        sum += (double)layer.Weight.Values[k] * layer.Weight.Gradient[k];
                    }

                    expected[l][c] += Math.Abs(sum) / 12;
                }
            }
        }

        for (var l = 0; l < prunable.Count; l++)
        {
            for (var c = 0; c < expected[l].Length; c++)
            {
                Assert.Equal(expected[l][c], measured[l][c], 1e-4 * Math.Max(1e-3, expected[l][c]) + 1e-9);
            }
        }
    }

    [Fact]
    public void Measuring_masked_channels_leaves_masks_and_weights_as_they_were()
    {
        var network = TrainedBars();
        StructuredNetworks.PruneChannels(network, "conv1", MaskMode.Soft, 1);
        var before = TestNetworks.AllValues(network);
        var probe = new ChannelProbe(network, ["conv1"], Bars, [.. Enumerable.Range(0, 32)], batchSize: 16, maxDegreeOfParallelism: 2);

        var measured = probe.Measure();

        Assert.True(network.Layer("conv1").Mask!.IsChannelPruned(1));
        Assert.Equal(before, TestNetworks.AllValues(network));
        Assert.True(measured[0][1] > 0); // what bringing it back would change, though its masked output is zero
    }

    [Fact]
    public void A_masked_channel_whose_salience_rises_comes_back_in_place_of_the_weakest()
    {
        var network = TrainedBars();
        var budget = new ResourceBudget { Macs = ResourceModel.Analyze(ChannelPruning.Narrow(network.Definition, new Dictionary<string, int> { ["conv1"] = 3 }), ElementSizes.Q15).Macs };
        var importance = RemovalCost(network);
        var strongest = Array.IndexOf(importance, importance.Max());
        var weakest = Array.IndexOf(importance, importance.Min());
        Assert.True(importance.Max() > 3 * importance.Min(), string.Join(", ", importance));

        // The weakest channel is masked: its would-be salience is below the kept ones', so it stays out.
        StructuredNetworks.PruneChannels(network, "conv1", MaskMode.Soft, weakest);
        var search = Search(network, budget);
        Assert.True(search.Met);
        var step = search.RunStep(0, 1);
        Assert.Empty(step.Restored);
        Assert.True(network.Layer("conv1").Mask!.IsChannelPruned(weakest));

        // Its salience rises: the strongest channel's function (its filter, bias and the fc1 weights that read it) moves
        // into the masked slot, the weak one's into the kept slot. The next step brings it back and masks the weak one.
        SwapChannels(network, strongest, weakest);
        step = search.RunStep(0, 2);
        Assert.Equal([new ChannelRef("conv1", weakest)], step.Restored);
        Assert.Equal([new ChannelRef("conv1", strongest)], step.Pruned);
        Assert.True(search.Salience(0, weakest) > search.Salience(0, strongest) * 1.25);
        Assert.True(step.WithinBudget);
    }

    [Fact]
    public void A_masked_channel_comes_back_for_free_when_the_budget_has_room()
    {
        var network = TrainedBars();
        StructuredNetworks.PruneChannels(network, "conv1", MaskMode.Soft, 0, 2);
        var threeWide = ResourceModel.Analyze(ChannelPruning.Narrow(network.Definition, new Dictionary<string, int> { ["conv1"] = 3 }), ElementSizes.Q15);
        var search = Search(network, new ResourceBudget { Macs = threeWide.Macs });

        var step = search.RunStep(0, 1);

        Assert.Single(step.Restored);
        Assert.Equal(3, ChannelPruning.Widths(network)["conv1"]);
        Assert.True(step.WithinBudget);
    }

    [Fact]
    public void Masked_weights_keep_training_during_the_search_where_the_gradient_reaches_them()
    {
        // fc1 feeds fc2 directly: the straight-through gradient of a soft mask reaches its masked rows. (Behind a ReLU it
        // would not: a masked channel's pre-activation is exactly zero, where ReLU passes no gradient.)
        var network = TrainableNetwork.Create(StructuredNetworks.StridedAvgDense(), seed: 3);
        var data = TestNetworks.RandomData(network.InputShape, 64, classes: 3, seed: 4);
        StructuredNetworks.PruneChannels(network, "fc1", MaskMode.Soft, 2);
        var budget = new ResourceBudget { Macs = ChannelPruning.Resources(network).Macs };
        var prunable = ChannelPruning.PrunableLayers(network.Definition);
        network.Layer("conv1").AddMask(MaskMode.Soft);
        var options = Quick with { PruneEveryBatches = 2, RestoreMargin = 1e9 }; // no swaps: watch the masked channel train
        var search = new ChannelSearch(network, prunable, budget, options, data, data, stepCompleted: null);
        var before = network.Layer("fc1").Weight.Values.AsSpan(2 * 12, 12).ToArray();

        new Trainer(network, TrainingOptions.Default with { BatchSize = 16, MaxTranslation = 0, Optimizer = new AdamSettings(0.01) }).TrainEpoch(data, 0, search);

        Assert.Equal(2, search.Steps.Count);
        Assert.True(network.Layer("fc1").Mask!.IsChannelPruned(2));
        Assert.NotEqual(before, network.Layer("fc1").Weight.Values.AsSpan(2 * 12, 12).ToArray());
    }

    /// <summary>How much the mean loss on the bars rises when each conv1 channel is masked alone.</summary>
    private static double[] RemovalCost(TrainableNetwork network)
    {
        var baseline = Evaluator.Evaluate(network, Bars).MeanLoss;
        return [.. Enumerable.Range(0, 4).Select(c =>
        {
            var copy = network.Clone();
            StructuredNetworks.PruneChannels(copy, "conv1", MaskMode.Soft, c);
            return Evaluator.Evaluate(copy, Bars).MeanLoss - baseline;
        })];
    }

    /// <summary>Exchanges two conv1 channels: filters, biases and fc1's input blocks (4 pooled positions each).</summary>
    private static void SwapChannels(TrainableNetwork network, int a, int b)
    {
        var conv = network.Layer("conv1");
        Swap(conv.Weight.Values, a * 9, b * 9, 9);
        Swap(conv.Bias!.Values, a, b, 1);
        var fc = network.Layer("fc1");
        for (var o = 0; o < 3; o++)
        {
            Swap(fc.Weight.Values, (o * 16) + (a * 4), (o * 16) + (b * 4), 4);
        }

        static void Swap(float[] values, int x, int y, int count)
        {
            for (var i = 0; i < count; i++)
            {
                (values[x + i], values[y + i]) = (values[y + i], values[x + i]);
            }
        }
    }
}
