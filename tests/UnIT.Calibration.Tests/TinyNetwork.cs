using UnIT.Interpreter;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using UnIT.Training.Data;

namespace UnIT.Calibration.Tests;

/// <summary>
/// A tiny seeded network (conv 1→4 k3 on 8x8, ReLU, pool, conv 4→4 k3, ReLU, flatten, dense 16→3) and data
/// labelled by the Float32 network itself, with every tenth label moved to the runner-up class, so that settings
/// can both lose and (rarely) gain accuracy. Fast enough to calibrate in a test.
/// </summary>
internal static class TinyNetwork
{
    public const int Samples = 120;

    /// <summary>
    /// The network; by default on the MSP430 without multiplier, where a MAC is a library call and skipping pays even
    /// in a network this small (on the MPY32 profile its dense kernels are cheaper than any skipping kernel).
    /// </summary>
    public static NetworkDefinition Definition(
        NumberFormat format = NumberFormat.Q15, DivisionApproximation division = DivisionApproximation.Pow2, TargetProfile? profile = null) =>
        new NetworkBuilder("Tiny", TensorShape.Of(1, 8, 8))
            .Conv2d("conv1", 4, 3).ReLU().MaxPool2d(2)
            .Conv2d("conv2", 4, 1).ReLU()
            .Flatten().Dense("fc1", 3)
            .Build(new NetworkOptions
            {
                Format = format,
                Profile = profile ?? (format == NumberFormat.Q15 ? TargetProfile.Msp430NoMultiplier : TargetProfile.Msp430FR5994SoftFloat),
                Division = division,
            });

    public static WeightFile Weights { get; } = CreateWeights();

    public static Dataset Data { get; } = CreateData();

    private static WeightFile CreateWeights()
    {
        var random = new Random(7);
        // Heavy-tailed like trained weights: most small, a few large (u³), so many products are small enough to skip.
        float[] Values(int count, float scale) => Enumerable.Range(0, count).Select(_ => (float)Math.Pow((random.NextDouble() * 2) - 1, 3) * scale).ToArray();
        var arrays = new[]
        {
            NumPyArray.FromSingles("conv1.weight", Values(4 * 9, 1.5f), 4, 1, 3, 3),
            NumPyArray.FromSingles("conv1.bias", Values(4, 0.1f), 4),
            NumPyArray.FromSingles("conv2.weight", Values(4 * 4, 2f), 4, 4, 1, 1),
            NumPyArray.FromSingles("conv2.bias", Values(4, 0.1f), 4),
            NumPyArray.FromSingles("fc1.weight", Values(3 * 36, 2f), 3, 36),
            NumPyArray.FromSingles("fc1.bias", Values(3, 0.1f), 3),
        };
        return WeightFile.Parse(NpzWriter.ToBytes(arrays, compressed: false), "tiny.npz");
    }

    private static Dataset CreateData()
    {
        var random = new Random(11);
        var samples = new float[Samples * 64];
        for (var i = 0; i < samples.Length; i++)
        {
            // Image-like: mostly small background values, some bright strokes.
            samples[i] = random.NextDouble() < 0.3 ? (float)(random.NextDouble() * 2.5) : (float)((random.NextDouble() * 0.4) - 0.2);
        }

        var interpreter = new ReferenceInterpreter(PreparedNetwork.Prepare(Definition(NumberFormat.Float32), Weights), implementations: [KernelImplementation.Dense]);
        var labels = new int[Samples];
        for (var i = 0; i < Samples; i++)
        {
            var output = interpreter.Run(samples.AsSpan(i * 64, 64));
            var order = Enumerable.Range(0, output.Length).OrderByDescending(k => output[k]).ToArray();
            labels[i] = i % 10 == 9 ? order[1] : order[0];
        }

        return new Dataset(samples, labels, TensorShape.Of(1, 8, 8), 3);
    }
}
