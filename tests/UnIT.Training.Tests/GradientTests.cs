using UnIT.Model;

namespace UnIT.Training.Tests;

/// <summary>Finite-difference checks of every layer's backward pass, through the whole network's loss.</summary>
public class GradientTests(ITestOutputHelper output)
{
    public static TheoryData<string> Networks => [.. Definitions.Keys];

    // A 1x1 conv in front of a layer makes that layer's input gradient (col2im, pool routing) part of the check.
    private static readonly Dictionary<string, NetworkDefinition> Definitions = new()
    {
        ["conv2d stride/padding/dilation, rectangular"] = new NetworkBuilder("rect", TensorShape.Of(2, 9, 8))
            .Conv2d("conv0", 2, 1)
            .Add(new ConvolutionLayer("conv1", 2, 3, 3, 2, 2, 1, 1, 0, 1, 2, PruningSettings.Default))
            .ReLU().Flatten().Dense("fc1", 4).Build(),
        ["conv2d stride 2, padding 2, dilation 2"] = new NetworkBuilder("square", TensorShape.Of(2, 7, 7))
            .Conv2d("conv0", 3, 1).ReLU().Conv2d("conv1", 4, 3, stride: 2, padding: 2, dilation: 2)
            .Flatten().Dense("fc1", 3).Build(),
        ["conv2d, maxpool, thresholded relu, avgpool"] = new NetworkBuilder("pools", TensorShape.Of(1, 12, 12))
            .Conv2d("conv1", 4, 3, padding: 1).ReLU().MaxPool2d(2)
            .Conv2d("conv2", 5, 3).ReLU(0.1f).AvgPool2d(2)
            .Flatten().Dense("fc1", 4).Build(),
        ["overlapping maxpool"] = new NetworkBuilder("overlap", TensorShape.Of(1, 9, 9))
            .Conv2d("conv1", 3, 2).MaxPool2d(3, stride: 2).Flatten().Dense("fc1", 3).Build(),
        ["conv1d stride/padding/dilation, maxpool1d"] = new NetworkBuilder("seq", TensorShape.Of(2, 32))
            .Conv1d("conv1", 4, 5, stride: 2, padding: 2).ReLU().MaxPool1d(2)
            .Conv1d("conv2", 5, 3, stride: 2, padding: 1, dilation: 2).ReLU()
            .Flatten().Dense("fc1", 5).Build(),
        ["depthwise (multiplier 2, padding) and grouped conv2d"] = new NetworkBuilder("depthwise", TensorShape.Of(2, 7, 7))
            .Conv2d("conv0", 4, 1).Conv2d("dw1", 8, 3, padding: 1, groups: 4).ReLU()
            .Conv2d("gc1", 4, 3, stride: 2, groups: 2).Flatten().Dense("fc1", 3).Build(),
        ["dense, relu, dense"] = new NetworkBuilder("mlp", TensorShape.Of(12))
            .Dense("fc1", 8).ReLU().Dense("fc2", 3).Build(),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Analytic_gradients_match_finite_differences(string name)
    {
        var definition = Definitions[name];
        var network = TrainableNetwork.Create(definition, seed: 7);
        var data = TestNetworks.RandomData(definition.InputShape, count: 3, classes: network.OutputSize, seed: 11);

        var analytic = GradientChecker.Analytic(network, data);
        var (ratio, where, skipped) = GradientChecker.WorstRatio(network, data, analytic);

        output.WriteLine($"{name}: worst ratio {ratio:F3} at {where}; {skipped:P1} of probes skipped at kinks");
        Assert.True(ratio <= 1, $"{name}: worst error is {ratio:F2}x the tolerance at {where}");
        Assert.True(skipped < 0.15, $"{name}: {skipped:P0} of the probes crossed a kink; the check says too little");
    }

    [Theory]
    [InlineData("conv2d, maxpool, thresholded relu, avgpool")]
    [InlineData("conv1d stride/padding/dilation, maxpool1d")]
    [InlineData("dense, relu, dense")]
    public void Gradients_with_an_activation_penalty_match_finite_differences(string name)
    {
        // A weight large enough that the penalty's share of the gradient is far beyond the tolerance.
        const double penalty = 0.05;
        var definition = Definitions[name];
        var network = TrainableNetwork.Create(definition, seed: 7);
        var data = TestNetworks.RandomData(definition.InputShape, count: 3, classes: network.OutputSize, seed: 11);

        var analytic = GradientChecker.Analytic(network, data, penalty);
        var (ratio, where, skipped) = GradientChecker.WorstRatio(network, data, analytic, penalty);
        var (ratioWithoutPenalty, _, _) = GradientChecker.WorstRatio(network, data, GradientChecker.Analytic(network, data), penalty);

        output.WriteLine($"{name}: worst ratio {ratio:F3} at {where}; without the penalty's gradient {ratioWithoutPenalty:F1}");
        Assert.True(ratio <= 1, $"{name}: worst error is {ratio:F2}x the tolerance at {where}");
        Assert.True(skipped < 0.15, $"{name}: {skipped:P0} of the probes crossed a kink; the check says too little");
        Assert.True(ratioWithoutPenalty > 1, $"{name}: leaving the penalty out of the gradient still passed ({ratioWithoutPenalty:F2}); the test cannot tell");
    }

    [Fact]
    public void The_check_rejects_a_slightly_wrong_gradient()
    {
        // Guards the tolerance: a gradient off by 10 % in one layer must fail.
        var definition = Definitions["conv2d, maxpool, thresholded relu, avgpool"];
        var network = TrainableNetwork.Create(definition, seed: 7);
        var data = TestNetworks.RandomData(definition.InputShape, count: 3, classes: network.OutputSize, seed: 11);
        var analytic = GradientChecker.Analytic(network, data);
        for (var i = 0; i < analytic["conv1.weight"].Length; i++)
        {
            analytic["conv1.weight"][i] *= 1.1f;
        }

        var (ratio, _, _) = GradientChecker.WorstRatio(network, data, analytic);

        Assert.True(ratio > 1, $"a 10 % error passed (worst ratio {ratio:F2})");
    }

    [Fact]
    public void Gradients_of_a_chunked_batch_equal_the_mean_of_per_sample_gradients()
    {
        var definition = Definitions["conv2d, maxpool, thresholded relu, avgpool"];
        var network = TrainableNetwork.Create(definition, seed: 3);
        var data = TestNetworks.RandomData(definition.InputShape, count: 5, classes: network.OutputSize, seed: 5);
        var trainer = new Trainer(network, TrainingOptions.Default with { ChunkSize = 2 });
        trainer.ComputeGradients(data, [0, 1, 2, 3, 4]);
        var batch = (float[])network.Layer("conv2").Weight.Gradient.Clone();

        var mean = new double[batch.Length];
        for (var s = 0; s < 5; s++)
        {
            trainer.ComputeGradients(data, [s]);
            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] += network.Layer("conv2").Weight.Gradient[i] / 5.0;
            }
        }

        for (var i = 0; i < mean.Length; i++)
        {
            Assert.Equal(mean[i], batch[i], 1e-6);
        }
    }
}
