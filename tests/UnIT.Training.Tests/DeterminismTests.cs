namespace UnIT.Training.Tests;

/// <summary>Same seed, same bits: across runs and whatever the number of threads.</summary>
public class DeterminismTests
{
    private static float[] TrainTwoEpochs(int seed, int maxDegreeOfParallelism)
    {
        var data = MnistFixture.Mnist.Train.Take(320);
        var network = TrainableNetwork.Create(TestNetworks.PaperMnist(), seed);
        var options = TrainingOptions.Default with
        {
            Epochs = 2,
            BatchSize = 32,
            Seed = seed,
            MaxDegreeOfParallelism = maxDegreeOfParallelism,
        };
        new Trainer(network, options).Train(data);
        return TestNetworks.AllValues(network);
    }

    [Fact]
    public void Two_runs_with_the_same_seed_give_identical_weights()
    {
        var first = TrainTwoEpochs(seed: 5, maxDegreeOfParallelism: -1);
        var second = TrainTwoEpochs(seed: 5, maxDegreeOfParallelism: -1);

        Assert.Equal(BitConverter.SingleToInt32Bits(first[0]), BitConverter.SingleToInt32Bits(second[0]));
        Assert.True(first.AsSpan().SequenceEqual(second), "same seed, different weights");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void The_number_of_threads_does_not_change_a_single_bit(int threads)
    {
        var reference = TrainTwoEpochs(seed: 5, maxDegreeOfParallelism: 1);
        var parallel = TrainTwoEpochs(seed: 5, maxDegreeOfParallelism: threads);

        for (var i = 0; i < reference.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(reference[i]), BitConverter.SingleToInt32Bits(parallel[i]));
        }
    }

    [Fact]
    public void A_different_seed_gives_different_weights()
    {
        Assert.False(TrainTwoEpochs(seed: 5, maxDegreeOfParallelism: -1).AsSpan().SequenceEqual(TrainTwoEpochs(seed: 6, maxDegreeOfParallelism: -1)));
    }

    [Fact]
    public void Initialisation_follows_pytorch_bounds()
    {
        var network = TrainableNetwork.Create(TestNetworks.PaperMnist(), seed: 1);
        foreach (var layer in network.Layers)
        {
            // kaiming_uniform(a = √5) and the bias rule both give U(−1/√fan_in, 1/√fan_in).
            var bound = 1 / Math.Sqrt(layer.Geometry.FanIn);
            Assert.All(layer.Weight.Values, w => Assert.InRange(w, -bound, bound));
            Assert.All(layer.Bias!.Values, b => Assert.InRange(b, -bound, bound));
            var maxAbs = layer.Weight.Values.Max(Math.Abs);
            Assert.True(maxAbs > 0.8 * bound, $"{layer.Name}: weights only reach {maxAbs / bound:P0} of the bound");
        }

        Assert.Equal([6, 1, 5, 5], network.Layer("conv1").Weight.Shape);
        Assert.Equal([16, 6, 5, 5], network.Layer("conv2").Weight.Shape);
        Assert.Equal([10, 256], network.Layer("fc1").Weight.Shape);
        Assert.Equal(5110, network.WeightCount); // the paper's count: weights without biases
        Assert.Equal(5110 + 32, network.Parameters.Sum(p => p.Count));
    }

    [Fact]
    public void Shuffles_and_translations_are_seeded()
    {
        // Different shuffle seeds on the same initial weights must lead to different models.
        var data = TestNetworks.Bars(64, seed: 1);
        float[] Train(int shuffleSeed)
        {
            var network = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 1);
            new Trainer(network, TrainingOptions.Default with { Epochs = 1, BatchSize = 8, Seed = shuffleSeed }).Train(data);
            return TestNetworks.AllValues(network);
        }

        Assert.True(Train(3).AsSpan().SequenceEqual(Train(3)));
        Assert.False(Train(3).AsSpan().SequenceEqual(Train(4)));
    }
}
