using UnIT.Model;
using UnIT.Training.Data;
using UnIT.Training.Numerics;

namespace UnIT.Training.Tests;

/// <summary>Small network definitions and synthetic data shared by the tests.</summary>
internal static class TestNetworks
{
    /// <summary>The UnIT paper's MNIST model.</summary>
    public static NetworkDefinition PaperMnist() =>
        new NetworkBuilder("mnist", TensorShape.Of(1, 28, 28))
            .Conv2d("conv1", 6, 5).ReLU().MaxPool2d(2)
            .Conv2d("conv2", 16, 5).ReLU().MaxPool2d(2)
            .Flatten().Dense("fc1", 10).Build();

    /// <summary>A tiny classifier of 1x6x6 inputs into 3 classes.</summary>
    public static NetworkDefinition Tiny() =>
        new NetworkBuilder("tiny", TensorShape.Of(1, 6, 6))
            .Conv2d("conv1", 3, 3).ReLU().MaxPool2d(2).Flatten().Dense("fc1", 3).Build();

    /// <summary>Random standard-normal-ish samples with random labels (for gradient checks and plumbing tests).</summary>
    public static Dataset RandomData(TensorShape shape, int count, int classes, int seed)
    {
        var random = new SeededRandom(seed);
        var samples = new float[count * shape.ElementCount];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)random.NextUniform(-2, 2);
        }

        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = random.NextInt(classes);
        }

        return new Dataset(samples, labels, shape, classes);
    }

    /// <summary>
    /// A learnable 3-class problem on 1x6x6 images: a bright bar in the top rows (class 0), the bottom rows
    /// (class 1) or a column (class 2), plus noise.
    /// </summary>
    public static Dataset Bars(int count, int seed)
    {
        var random = new SeededRandom(seed);
        var samples = new float[count * 36];
        var labels = new int[count];
        for (var n = 0; n < count; n++)
        {
            var label = random.NextInt(3);
            labels[n] = label;
            var image = samples.AsSpan(n * 36, 36);
            for (var i = 0; i < 36; i++)
            {
                image[i] = (float)random.NextUniform(-0.5, 0.5);
            }

            var offset = random.NextInt(2);
            for (var k = 0; k < 6; k++)
            {
                var (y, x) = label switch
                {
                    0 => (offset, k),
                    1 => (4 + offset, k),
                    _ => (k, 2 + offset),
                };
                image[(y * 6) + x] += 2f;
            }
        }

        return new Dataset(samples, labels, TensorShape.Of(1, 6, 6), 3);
    }

    /// <summary>One forward pass over every sample of <paramref name="data"/> as one chunk; the workspace holds every activation.</summary>
    public static ChunkWorkspace Forward(TrainableNetwork network, Dataset data)
    {
        network.RefreshEffectiveParameters();
        var workspace = new ChunkWorkspace(network.Operators, network.InputSize, data.Count);
        for (var s = 0; s < data.Count; s++)
        {
            data.Sample(s).CopyTo(workspace.Activations[0].AsSpan(s * network.InputSize));
        }

        workspace.Forward(network.Operators, data.Count);
        return workspace;
    }

    /// <summary>Every weight and bias as one flat array, for bitwise comparisons.</summary>
    public static float[] AllValues(TrainableNetwork network) =>
        [.. network.Parameters.SelectMany(p => p.Values)];
}
