using UnIT.Training.Optimizers;

namespace UnIT.Training.Tests;

public class MaskTests
{
    private static readonly Data.Dataset Bars = TestNetworks.Bars(96, seed: 3);

    private static Trainer TrainerFor(TrainableNetwork network, OptimizerSettings optimizer) =>
        new(network, TrainingOptions.Default with { Epochs = 2, BatchSize = 16, Optimizer = optimizer, MaxTranslation = 0 });

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Frozen_masks_keep_pruned_weights_at_exactly_zero(OptimizerSettings optimizer)
    {
        var network = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 2);
        var conv = network.Layer("conv1");
        var mask = conv.AddMask(MaskMode.Frozen);
        int[] pruned = [0, 5, 13, 26];
        foreach (var index in pruned)
        {
            mask.Prune(index);
        }

        var before = (float[])conv.Weight.Values.Clone();
        TrainerFor(network, optimizer).Train(Bars);

        foreach (var index in pruned)
        {
            Assert.Equal(0, BitConverter.SingleToInt32Bits(conv.Weight.Values[index])); // +0, not −0
            Assert.Equal(0f, conv.Weight.Gradient[index]);
        }

        Assert.NotEqual(before[1], conv.Weight.Values[1]); // the rest trains
    }

    public static TheoryData<OptimizerSettings> Optimizers =>
    [
        new AdamSettings(LearningRate: 0.01, WeightDecay: 0.01),
        new SgdSettings(LearningRate: 0.05, Momentum: 0.9, WeightDecay: 0.01),
    ];

    [Fact]
    public void Frozen_masks_stay_zero_even_when_pruned_after_momentum_built_up()
    {
        var network = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 2);
        var trainer = TrainerFor(network, new SgdSettings(LearningRate: 0.05, Momentum: 0.9));
        var mask = network.Layer("fc1").AddMask(MaskMode.Frozen);
        trainer.TrainEpoch(Bars, 0);

        mask.Prune(7);
        trainer.TrainEpoch(Bars, 1);

        Assert.Equal(0f, network.Layer("fc1").Weight.Values[7]);
    }

    [Fact]
    public void Soft_masks_hide_weights_from_the_forward_pass_but_let_them_train()
    {
        var network = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 2);
        var conv = network.Layer("conv1");
        var mask = conv.AddMask(MaskMode.Soft);
        mask.Prune(4);
        var before = conv.Weight.Values[4];

        // The forward pass sees zero: same logits as a copy with the weight zeroed and no mask.
        var zeroed = network.Clone();
        zeroed.Layer("conv1").RemoveMask();
        zeroed.Layer("conv1").Weight.Values[4] = 0f;
        Assert.Equal(zeroed.Predict(Bars.Sample(0)), network.Predict(Bars.Sample(0)));

        // The gradient is the straight-through one: that of the zeroed copy, at every weight.
        new Trainer(network).ComputeGradients(Bars, [0, 1, 2, 3]);
        new Trainer(zeroed).ComputeGradients(Bars, [0, 1, 2, 3]);
        Assert.Equal(zeroed.Layer("conv1").Weight.Gradient, conv.Weight.Gradient);
        Assert.NotEqual(0f, conv.Weight.Gradient[4]);

        TrainerFor(network, new AdamSettings(0.01)).Train(Bars);
        Assert.NotEqual(before, conv.Weight.Values[4]); // it kept training while masked

        mask.Restore(4); // and can come back
        Assert.NotEqual(zeroed.Predict(Bars.Sample(0)), network.Predict(Bars.Sample(0)));
    }

    [Fact]
    public void Pruning_a_channel_zeroes_its_weights_bias_and_output()
    {
        var definition = new Model.NetworkBuilder("probe", Model.TensorShape.Of(1, 6, 6)).Conv2d("conv1", 3, 3).Flatten().Dense("fc1", 2).Build();
        var network = TrainableNetwork.Create(definition, seed: 4);
        var fc = network.Layer("fc1");
        var mask = network.Layer("conv1").AddMask(MaskMode.Soft);

        mask.PruneChannel(1);

        Assert.True(mask.IsChannelPruned(1));
        Assert.Equal(0, mask.KeptInChannel(1));
        Assert.Equal(9, mask.KeptInChannel(0));
        Assert.Equal(18, mask.KeptCount);
        Assert.Equal(0f, mask.ChannelValues[1]);
        // Channel 1 feeds fc1 inputs 16..31 (4x4 positions): with it pruned, those weights change nothing.
        var logits = network.Predict(Bars.Sample(0));
        for (var o = 0; o < 2; o++)
        {
            for (var i = 16; i < 32; i++)
            {
                fc.Weight.Values[(o * 48) + i] += 5f;
            }
        }

        Assert.Equal(logits, network.Predict(Bars.Sample(0)));

        mask.RestoreChannel(1);
        Assert.False(mask.IsChannelPruned(1));
        Assert.NotEqual(logits, network.Predict(Bars.Sample(0)));
    }

    [Fact]
    public void Masked_values_for_export_are_exact_zeros_and_the_network_copy_keeps_masks()
    {
        var network = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 2);
        var layer = network.Layer("conv1");
        layer.AddMask(MaskMode.Soft).PruneChannel(2);
        layer.Mask!.Prune(0);

        var (weight, bias) = layer.MaskedValues();
        Assert.Equal(0, BitConverter.SingleToInt32Bits(weight[0]));
        Assert.All(weight.AsSpan(18, 9).ToArray(), w => Assert.Equal(0, BitConverter.SingleToInt32Bits(w)));
        Assert.Equal(0f, bias![2]);
        Assert.NotEqual(0f, layer.Weight.Values[0]); // soft: the value itself is kept

        var copy = network.Clone();
        Assert.Equal(layer.Mask.Values.ToArray(), copy.Layer("conv1").Mask!.Values.ToArray());
        Assert.Equal(MaskMode.Soft, copy.Layer("conv1").Mask!.Mode);
        Assert.Equal(10, network.PrunedWeightCount);
    }
}
