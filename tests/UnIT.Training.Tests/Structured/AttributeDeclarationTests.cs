using UnIT.Collections;
using UnIT.Model;
using UnIT.Training.Pruning;

namespace UnIT.Training.Tests.Structured;

public class AttributeDeclarationTests
{
    [Fact]
    public void The_pruned_paper_model_as_attributes()
    {
        var pruned = ChannelPruning.Narrow(TestNetworks.PaperMnist(), new Dictionary<string, int> { ["conv1"] = 3, ["conv2"] = 15 });

        var text = AttributeDeclaration.Write(pruned, "mnist-structured.npz", "MnistStructured");

        Assert.Equal("""
            [UnitNetwork("mnist-structured.npz", Input = "1x28x28")]
            [Conv2d("conv1", 3, Kernel = 5)]
            [ReLU]
            [MaxPool2d(2)]
            [Conv2d("conv2", 15, Kernel = 5)]
            [ReLU]
            [MaxPool2d(2)]
            [Flatten]
            [Dense("fc1", 10)]
            public static partial class MnistStructured;

            """.Replace("\r\n", "\n", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Every_setting_that_differs_from_the_generator_defaults_is_written()
    {
        var definition = new NetworkBuilder("my-net", TensorShape.Of(2, 32))
            .Conv1d("c1", 4, 3, stride: 2, padding: 1, pruning: PruningSettings.Default with { Threshold = 0.05f, Implementation = KernelImplementation.Sorted })
            .ReLU(1.5f).MaxPool1d(2, stride: 1).Flatten()
            .Add(new DenseLayer("d1", 8, PruningSettings.Default with { GroupSize = 4, GroupThresholds = new[] { 0.1f, 0.25f }.ToImmutableEquatableArray(), OutputRange = 6f }) { HasBias = false })
            .Dense("d2", 3)
            .Build(new NetworkOptions { Format = NumberFormat.Q15, Division = DivisionApproximation.ReciprocalLut, DefaultThreshold = 0.01f, InputRange = 2.83f, ReciprocalTableBits = 5 });

        var text = AttributeDeclaration.Write(definition, "w.npz");

        Assert.Equal("""
            [UnitNetwork("w.npz", Input = "2x32", Format = NumberFormat.Q15, Division = DivisionApproximation.ReciprocalLut, Threshold = 0.01f, InputRange = 2.83f, ReciprocalTableBits = 5)]
            [Conv1d("c1", 4, Kernel = 3, Stride = 2, Padding = 1, Threshold = 0.05f, Implementation = KernelImplementation.Sorted)]
            [ReLU(ActivationThreshold = 1.5f)]
            [MaxPool1d(2, Stride = 1)]
            [Flatten]
            [Dense("d1", 8, GroupSize = 4, GroupThresholds = new[] { 0.1f, 0.25f }, OutputRange = 6f, Bias = false)]
            [Dense("d2", 3)]
            public static partial class MyNet;

            """.Replace("\r\n", "\n", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Rectangular_convolutions_and_float_profiles()
    {
        var definition = new NetworkBuilder("n", TensorShape.Of(1, 9, 9))
            .Add(new ConvolutionLayer("c", 2, 3, 3, 1, 1, 2, 0, 1, 1, 1, PruningSettings.Default))
            .AvgPool2d(2).Flatten().Dense("fc", 2)
            .Build(new NetworkOptions { Profile = TargetProfile.Msp430NoMultiplier });

        var lines = AttributeDeclaration.Write(definition, "n.npz").Split('\n');

        Assert.Equal("""[UnitNetwork("n.npz", Input = "1x9x9", Profile = TargetProfile.Msp430NoMultiplier)]""", lines[0]);
        Assert.Equal("""[Conv2d("c", 3, KernelHeight = 3, KernelWidth = 1, StrideHeight = 1, StrideWidth = 2, PaddingHeight = 0, PaddingWidth = 1)]""", lines[1]);
        Assert.Equal("[AvgPool2d(2)]", lines[2]);
    }
}
