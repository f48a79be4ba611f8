using UnIT.Model;
using Xunit;

namespace UnIT.Core.Tests.Model;

public class NetworkShapesTests
{
    private static NetworkDefinition PaperMnist() =>
        new NetworkBuilder("Mnist", TensorShape.Of(1, 28, 28))
            .Conv2d("conv1", 6, 5).ReLU().MaxPool2d(2)
            .Conv2d("conv2", 16, 5).ReLU().MaxPool2d(2)
            .Flatten().Dense("fc1", 10)
            .Build();

    [Fact]
    public void The_paper_mnist_network_has_the_published_shapes_and_mac_counts()
    {
        var network = PaperMnist();
        var shapes = NetworkShapes.Infer(network);
        Assert.Equal("6x24x24", shapes[0].Output.ToString());
        Assert.Equal("16x8x8", shapes[3].Output.ToString());
        Assert.Equal("256", shapes[6].Output.ToString());
        Assert.Equal("10", shapes[7].Output.ToString());

        var macs = network.Layers
            .Select((layer, i) => (layer, i))
            .Where(x => x.layer is PrunableLayer)
            .Select(x => NetworkShapes.Geometry((PrunableLayer)x.layer, shapes[x.i].Input).DenseMacs)
            .ToArray();
        Assert.Equal(new long[] { 86_400, 153_600, 2_560 }, macs);
        Assert.Equal(242_560, macs.Sum());
    }

    [Fact]
    public void Conv1d_stride_padding_and_dilation_follow_pytorch()
    {
        var network = new NetworkBuilder("OneD", TensorShape.Of(2, 32))
            .Conv1d("conv1", 4, kernel: 5, stride: 2, padding: 2).ReLU().MaxPool1d(2)
            .Conv1d("conv2", 6, kernel: 3, dilation: 2).Flatten().Dense("fc1", 5)
            .Build();
        var shapes = NetworkShapes.Infer(network);
        Assert.Equal("4x16", shapes[0].Output.ToString());
        Assert.Equal("4x8", shapes[2].Output.ToString());
        Assert.Equal("6x4", shapes[3].Output.ToString());
        Assert.Equal("24", shapes[4].Output.ToString());
    }

    [Theory]
    [InlineData("Dense", "put a Flatten layer before it")]
    [InlineData("BigKernel", "smaller than the dilated kernel")]
    [InlineData("BatchNormFirst", "must directly follow a Conv or Dense layer")]
    [InlineData("DuplicateName", "used by two layers")]
    [InlineData("PoolTooBig", "does not fit the input")]
    [InlineData("ConvAfterFlatten", "convolutions must come before Flatten")]
    [InlineData("NegativeTheta", "not a finite number >= 0")]
    public void Impossible_sequences_name_the_layer_and_the_fix(string scenario, string expected)
    {
        var builder = new NetworkBuilder("Bad", TensorShape.Of(1, 8, 8));
        _ = scenario switch
        {
            "Dense" => builder.Dense("fc1", 10),
            "BigKernel" => builder.Conv2d("conv1", 4, 9),
            "BatchNormFirst" => builder.BatchNorm("bn1").Conv2d("conv1", 4, 3),
            "DuplicateName" => builder.Conv2d("conv1", 4, 3).Conv2d("conv1", 4, 3),
            "PoolTooBig" => builder.MaxPool2d(16),
            "ConvAfterFlatten" => builder.Flatten().Conv2d("conv1", 4, 3),
            "NegativeTheta" => builder.ReLU(-1f),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        var error = Assert.Throws<NetworkDefinitionException>(() => NetworkShapes.Infer(builder.Build()));
        Assert.Contains(expected, error.Message);
        Assert.Contains("Network 'Bad'", error.Message);
        Assert.NotNull(error.LayerIndex);
    }

    [Theory]
    [InlineData("1x28x28", "1x28x28")]
    [InlineData("[3, 32, 32]", "3x32x32")]
    [InlineData("256", "256")]
    public void Shapes_parse_in_the_forms_users_write(string text, string expected)
    {
        Assert.True(TensorShape.TryParse(text, out var shape, out _));
        Assert.Equal(expected, shape!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1x0x28")]
    [InlineData("1x28xa")]
    [InlineData("1x2x3x4")]
    public void Bad_shapes_are_rejected_with_a_reason(string text)
    {
        Assert.False(TensorShape.TryParse(text, out _, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Definitions_compare_by_value()
    {
        Assert.Equal(PaperMnist(), PaperMnist());
        Assert.Equal(PaperMnist().GetHashCode(), PaperMnist().GetHashCode());
        Assert.NotEqual(PaperMnist(), PaperMnist() with { Options = new NetworkOptions { DefaultThreshold = 0.1f } });
    }
}
