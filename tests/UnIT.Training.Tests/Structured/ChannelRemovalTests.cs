using UnIT.Collections;
using UnIT.Interpreter;
using UnIT.Model;
using UnIT.Preparation;
using UnIT.Resources;
using UnIT.Training.Pruning;

namespace UnIT.Training.Tests.Structured;

public class ChannelRemovalTests
{
    private static float[][] Inputs(TensorShape shape, int count, int seed)
    {
        var data = TestNetworks.RandomData(shape, count, classes: 1, seed);
        return [.. Enumerable.Range(0, count).Select(i => data.Sample(i).ToArray())];
    }

    /// <summary>Outputs of the exported tensors in the reference interpreter, which sums in canonical order (bias, then ascending input index).</summary>
    private static float[][] Interpreted(TrainableNetwork network, float[][] inputs)
    {
        var interpreter = new ReferenceInterpreter(PreparedNetwork.Prepare(network.Definition, StructuredNetworks.Exported(network)));
        return [.. inputs.Select(input => interpreter.Run(input))];
    }

    private static void AssertBitwiseEqual(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Select(BitConverter.SingleToInt32Bits), actual[i].Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void Conv_to_conv_removal_gives_bit_identical_logits_in_the_trainer()
    {
        // Only conv1 loses channels: conv2's im2col rows for them are gone, and it sums row by row, so dropping rows that
        // added exact zeros changes no bit.
        var masked = TrainableNetwork.Create(StructuredNetworks.ConvConvDense(), seed: 4);
        StructuredNetworks.PruneChannels(masked, "conv1", MaskMode.Soft, 1, 3);

        var pruned = ChannelPruning.RemovePrunedChannels(masked);

        Assert.Equal([2, 1, 3, 3], pruned.Layer("conv1").Weight.Shape);
        Assert.Equal([5, 2, 3, 3], pruned.Layer("conv2").Weight.Shape);
        foreach (var input in Inputs(masked.InputShape, 20, seed: 5))
        {
            Assert.Equal(masked.Predict(input).Select(BitConverter.SingleToInt32Bits), pruned.Predict(input).Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Theory]
    [MemberData(nameof(Prunings))]
    public void Removal_preserves_outputs_exactly_through_pools_flatten_and_dense(string network, (string Layer, int[] Channels)[] prunings)
    {
        var definition = network switch
        {
            "convconv" => StructuredNetworks.ConvConvDense(),
            "strided" => StructuredNetworks.StridedAvgDense(),
            _ => StructuredNetworks.Conv1d(),
        };
        var masked = TrainableNetwork.Create(definition, seed: 11);
        foreach (var (layer, channels) in prunings)
        {
            StructuredNetworks.PruneChannels(masked, layer, MaskMode.Frozen, channels);
        }

        var pruned = ChannelPruning.RemovePrunedChannels(masked);
        var inputs = Inputs(masked.InputShape, 25, seed: 12);

        // The exported files, run as the toolchain runs them, agree bit for bit.
        AssertBitwiseEqual(Interpreted(masked, inputs), Interpreted(pruned, inputs));

        // The trainer's own forward pass agrees to rounding: its dense dot products are vectorised in blocks of the input
        // length, so a shorter input groups the same (non-zero) terms differently in the last bits.
        foreach (var input in inputs)
        {
            var expected = masked.Predict(input);
            var actual = pruned.Predict(input);
            for (var k = 0; k < expected.Length; k++)
            {
                Assert.Equal(expected[k], actual[k], 1e-5f * Math.Max(1, Math.Abs(expected[k])));
            }
        }
    }

    public static TheoryData<string, (string Layer, int[] Channels)[]> Prunings => new()
    {
        { "convconv", [("conv1", [0, 2])] },
        { "convconv", [("conv2", [1, 4])] },
        { "convconv", [("conv1", [3]), ("conv2", [0, 1, 2]), ("fc1", [0, 5])] },
        { "strided", [("conv1", [1]), ("fc1", [2])] },
        { "seq", [("conv1", [0, 3])] },
    };

    [Fact]
    public void Kept_channels_carry_their_own_weights_and_the_next_layer_keeps_the_slices_that_read_them()
    {
        var masked = TrainableNetwork.Create(StructuredNetworks.ConvConvDense(), seed: 2);
        StructuredNetworks.PruneChannels(masked, "conv2", MaskMode.Frozen, 0, 3);
        var pruned = ChannelPruning.RemovePrunedChannels(masked);

        // conv2 keeps channels 1, 2, 4; fc1 reads 5 channels x 2x2 positions and keeps the blocks of 1, 2 and 4.
        var conv2 = masked.Layer("conv2").Weight.Values;
        Assert.Equal(conv2.AsSpan(36, 36).ToArray(), pruned.Layer("conv2").Weight.Values.AsSpan(0, 36).ToArray());
        Assert.Equal(conv2.AsSpan(4 * 36, 36).ToArray(), pruned.Layer("conv2").Weight.Values.AsSpan(2 * 36, 36).ToArray());
        Assert.Equal([masked.Layer("conv2").Bias!.Values[1], masked.Layer("conv2").Bias!.Values[2], masked.Layer("conv2").Bias!.Values[4]], pruned.Layer("conv2").Bias!.Values);
        var fc1 = masked.Layer("fc1").Weight.Values;
        var row3 = fc1.AsSpan(3 * 20, 20).ToArray();
        Assert.Equal(row3[4..12].Concat(row3[16..20]), pruned.Layer("fc1").Weight.Values.AsSpan(3 * 12, 12).ToArray());
        Assert.Equal(masked.Layer("fc2").Weight.Values, pruned.Layer("fc2").Weight.Values);
        Assert.All(pruned.Layers, layer => Assert.Null(layer.Mask));
    }

    [Fact]
    public void The_smaller_definition_has_the_resources_the_masked_model_was_charged_with()
    {
        var masked = TrainableNetwork.Create(StructuredNetworks.ConvConvDense(), seed: 2);
        StructuredNetworks.PruneChannels(masked, "conv1", MaskMode.Soft, 2);
        StructuredNetworks.PruneChannels(masked, "conv2", MaskMode.Soft, 0, 3);
        StructuredNetworks.PruneChannels(masked, "fc1", MaskMode.Soft, 5);
        var pruned = ChannelPruning.RemovePrunedChannels(masked);

        var charged = ChannelPruning.Resources(masked, ResourceAccounting.WeightsOnly(ElementSizes.Q15));
        var actual = ResourceModel.Analyze(pruned.Definition, ElementSizes.Q15);
        Assert.Equal(charged.FlashBytes, actual.FlashBytes);
        Assert.Equal(charged.Macs, actual.Macs);
        Assert.Equal(charged.PeakRamBytes, actual.PeakRamBytes);
        Assert.Equal(charged.PeakRamBytesWithInput, actual.PeakRamBytesWithInput);

        // And both are what the pruned network physically has: its tensors, its MAC geometry, its activation buffers.
        Assert.Equal(pruned.Layers.Sum(l => (l.Weight.Count * 2L) + (l.Bias!.Count * 4L)), charged.FlashBytes);
        Assert.Equal(pruned.Layers.Sum(l => l.Geometry.DenseMacs), charged.Macs);
        Assert.Equal(LivePeak(pruned, bytesPerActivation: 2), charged.PeakRamBytes);
        Assert.Equal([3, 3, 5, 3], ChannelPruning.Widths(masked).Values);
    }

    /// <summary>The largest input + output buffer of any operator of the physical network (ReLU in place, flatten a view, input excluded).</summary>
    private static long LivePeak(TrainableNetwork network, int bytesPerActivation)
    {
        var peak = 0L;
        var current = 0L; // the network input is not counted
        foreach (var op in network.Operators)
        {
            var ownBuffer = op is not (Layers.ReluOperator or Layers.FlattenOperator);
            var output = ownBuffer ? (long)op.OutputSize * bytesPerActivation : 0;
            peak = Math.Max(peak, current + output);
            if (ownBuffer)
            {
                current = output;
            }
        }

        return peak;
    }

    [Fact]
    public void Narrow_sets_widths_and_drops_threshold_groups_of_narrowed_layers()
    {
        var definition = new NetworkBuilder("g", TensorShape.Of(1, 8, 8))
            .Conv2d("conv1", 4, 3, pruning: new PruningSettings(0.1f, 2, new[] { 0.1f, 0.2f }.ToImmutableEquatableArray(), KernelImplementation.Auto, null))
            .ReLU().Flatten().Dense("fc1", 3).Build();

        var narrow = ChannelPruning.Narrow(definition, new Dictionary<string, int> { ["conv1"] = 3 });

        var conv = Assert.IsType<ConvolutionLayer>(narrow.Layers[0]);
        Assert.Equal(3, conv.OutChannels);
        Assert.Equal(0.1f, conv.Pruning.Threshold);
        Assert.Equal(0, conv.Pruning.GroupSize);
        Assert.Empty(conv.Pruning.GroupThresholds);
        Assert.Equal(definition.Layers.Skip(1), narrow.Layers.Skip(1));
        Assert.Throws<ArgumentException>(() => ChannelPruning.Narrow(definition, new Dictionary<string, int> { ["conv9"] = 3 }));
        Assert.Throws<ArgumentException>(() => ChannelPruning.Narrow(definition, new Dictionary<string, int> { ["conv1"] = 0 }));
        Assert.Throws<ArgumentException>(() => ChannelPruning.Narrow(definition, new Dictionary<string, int> { ["conv1"] = 5 }));
    }

    [Fact]
    public void Grouped_convolutions_and_the_layers_feeding_them_keep_their_channels()
    {
        // A depthwise block: removing a channel of conv1 would remove one of dw1's groups, not narrow it.
        var definition = new NetworkBuilder("ds", TensorShape.Of(1, 8, 8))
            .Conv2d("conv1", 4, 3).ReLU().Conv2d("dw1", 4, 3, groups: 4).ReLU().Conv2d("pw1", 6, 1).ReLU()
            .Flatten().Dense("fc1", 8).ReLU().Dense("fc2", 3).Build();
        Assert.Equal(["pw1", "fc1"], ChannelPruning.PrunableLayers(definition));
    }

    [Fact]
    public void The_classifier_is_never_prunable_and_its_outputs_are_never_removed()
    {
        Assert.Equal(["conv1", "conv2", "fc1"], ChannelPruning.PrunableLayers(StructuredNetworks.ConvConvDense()));
        var masked = TrainableNetwork.Create(StructuredNetworks.ConvConvDense(), seed: 1);
        StructuredNetworks.PruneChannels(masked, "fc2", MaskMode.Frozen, 1);
        var error = Assert.Throws<InvalidOperationException>(() => ChannelPruning.RemovePrunedChannels(masked));
        Assert.Contains("'fc2'", error.Message, StringComparison.Ordinal);

        var empty = TrainableNetwork.Create(StructuredNetworks.ConvConvDense(), seed: 1);
        StructuredNetworks.PruneChannels(empty, "conv1", MaskMode.Frozen, 0, 1, 2, 3);
        Assert.Contains("'conv1'", Assert.Throws<InvalidOperationException>(() => ChannelPruning.RemovePrunedChannels(empty)).Message, StringComparison.Ordinal);
    }
}
