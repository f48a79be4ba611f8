using UnIT.Training.Pruning;

namespace UnIT.Training.Tests.Structured;

public class ChannelMaskFileTests
{
    private static TrainableNetwork Network() => TrainableNetwork.Create(StructuredNetworks.ConvConvDense(), seed: 6);

    [Fact]
    public void Masks_from_JSON_prune_whole_channels_and_removal_follows_them()
    {
        var network = Network();
        var masks = ChannelMaskFile.Parse("""
            // pruned elsewhere
            { "conv1": [0, 1, 1, 0], "conv2": [true, true, false, true, true], }
            """);

        ChannelMaskFile.Apply(network, masks);

        Assert.Equal([2, 4, 6, 3], ChannelPruning.Widths(network).Values);
        Assert.True(network.Layer("conv1").Mask!.IsChannelPruned(0));
        Assert.Equal(MaskMode.Frozen, network.Layer("conv1").Mask!.Mode);
        Assert.All(network.Layer("conv1").Weight.Values.AsSpan(0, 9).ToArray(), w => Assert.Equal(0f, w));
        Assert.Null(network.Layer("fc1").Mask); // layers left out keep every channel
        Assert.Equal([2, 4, 6, 3], ChannelPruning.RemovePrunedChannels(network).Layers.Select(l => l.Geometry.OutChannels));
    }

    [Fact]
    public void Written_masks_read_back_to_the_same_channels()
    {
        var network = Network();
        StructuredNetworks.PruneChannels(network, "conv2", MaskMode.Soft, 1, 4);
        StructuredNetworks.PruneChannels(network, "fc1", MaskMode.Soft, 0);

        var json = ChannelMaskFile.Write(network);

        Assert.Equal("{\n  \"conv1\": [1, 1, 1, 1],\n  \"conv2\": [1, 0, 1, 1, 0],\n  \"fc1\": [0, 1, 1, 1, 1, 1]\n}\n", json);
        var copy = Network();
        ChannelMaskFile.Apply(copy, ChannelMaskFile.Parse(json));
        Assert.Equal(ChannelPruning.KeptChannels(network), ChannelPruning.KeptChannels(copy));
    }

    [Fact]
    public void Applying_marks_kept_channels_as_kept_again()
    {
        var network = Network();
        StructuredNetworks.PruneChannels(network, "conv1", MaskMode.Frozen, 2);
        ChannelMaskFile.Apply(network, ChannelMaskFile.Parse("""{ "conv1": [1, 1, 1, 0] }"""));
        Assert.Equal([true, true, true, false], ChannelPruning.KeptChannels(network)["conv1"]);
    }

    [Theory]
    [InlineData("""{ "conv1": [0, 1, 1] }""", "layer 'conv1' has 4 output channels but its mask lists 3 values")]
    [InlineData("""{ "conv3": [1, 1] }""", "'conv3' is not a conv or dense layer of network 'convconv' (it has conv1, conv2, fc1, fc2)")]
    [InlineData("""{ "conv2": [0, 0, 0, 0, 0] }""", "removes all 5 channels of layer 'conv2'")]
    [InlineData("""{ "fc2": [1, 0, 1] }""", "layer 'fc2' produces the network's outputs")]
    public void Masks_that_do_not_fit_the_network_name_the_layer_and_the_problem(string json, string expected)
    {
        var network = Network();
        var error = Assert.Throws<InvalidDataException>(() => ChannelMaskFile.Apply(network, ChannelMaskFile.Parse(json, "masks.json"), source: "masks.json"));
        Assert.StartsWith("masks.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.All(network.Layers, layer => Assert.Null(layer.Mask)); // nothing changed
    }

    [Fact]
    public void A_bad_entry_later_in_the_file_leaves_earlier_layers_untouched()
    {
        var network = Network();
        Assert.Throws<InvalidDataException>(() => ChannelMaskFile.Apply(network, ChannelMaskFile.Parse("""{ "conv1": [0, 1, 1, 1], "conv2": [1] }""")));
        Assert.Null(network.Layer("conv1").Mask);
    }

    [Theory]
    [InlineData("""{ "conv1": [0, 1, 2, 1] }""", "layer 'conv1', channel 2: 2 is not 0 or 1")]
    [InlineData("""{ "conv1": [0, "1"] }""", "layer 'conv1', channel 1: \"1\" is not 0 or 1")]
    [InlineData("""{ "conv1": "0110" }""", "layer 'conv1' needs an array of 0/1 per output channel, not the string \"0110\"")]
    [InlineData("""[0, 1, 1]""", "expected an object with one array per layer")]
    [InlineData("""{ "conv1": [0, 1], "conv1": [1, 1] }""", "layer 'conv1' is listed twice")]
    [InlineData("""{ "conv1": [0, 1 """, "not valid JSON (line 1")]
    public void Malformed_JSON_is_refused_with_the_place_and_the_fix(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => ChannelMaskFile.Parse(json, "masks.json"));
        Assert.StartsWith("masks.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"unit-masks-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ \"conv1\": [0, 1, 9] }");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => ChannelMaskFile.Read(path));
            Assert.StartsWith(Path.GetFileName(path) + ": ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
