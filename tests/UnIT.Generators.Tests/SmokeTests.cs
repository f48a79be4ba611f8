using UnIT.Generators.Tests.Infrastructure;
using Xunit;

namespace UnIT.Generators.Tests;

public class SmokeTests
{
    [Fact]
    public void Generates_compiles_and_runs_the_convnet2d_fixture()
    {
        var weights = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "torch", "convnet2d.npz"));
        const string Source = """
            using UnIT;
            namespace Demo;
            [UnitNetwork("convnet2d.npz", Input = "1x12x12", Threshold = 0.02f)]
            [Conv2d("conv1", 4, Kernel = 3, Padding = 1)]
            [BatchNorm("bn1")]
            [ReLU]
            [MaxPool2d(2)]
            [Conv2d("conv2", 8, Kernel = 3)]
            [ReLU(ActivationThreshold = 0.25f)]
            [AvgPool2d(2)]
            [Flatten]
            [Dense("fc1", 10)]
            public static partial class Net;
            """;
        var (result, output) = GeneratorHarness.Run(Source, [GeneratorHarness.WeightText("convnet2d.npz", weights)]);
        Assert.Empty(GeneratorHarness.Problems(result));
        using var network = CompiledNetwork.Load(output, "Demo.Net");
        var y = new float[10];
        network.Infer(new float[144], y);
        Assert.Contains(y, v => v != 0);
    }
}
