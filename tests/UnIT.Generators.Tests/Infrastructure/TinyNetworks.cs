using UnIT.NumPy;

namespace UnIT.Generators.Tests.Infrastructure;

/// <summary>Small deterministic networks whose weights are written in memory (for snapshots and bad-input tests).</summary>
public static class TinyNetworks
{
    /// <summary>Seeded weights in [-1, 1] with every fifth one zero (so static sparsity shows in the output).</summary>
    public static float[] Weights(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => i % 5 == 3 ? 0f : (float)Math.Round((random.NextDouble() * 2) - 1, 3)).ToArray();
    }

    public static byte[] Npz(params (string Name, float[] Data, int[] Shape)[] tensors) =>
        NpzWriter.ToBytes(tensors.Select(t => NumPyArray.FromSingles(t.Name, t.Data, t.Shape)), compressed: false);

    /// <summary>conv (1->2, 3x3, padding 1) on 1x4x4, ReLU, flatten, dense 32->3.</summary>
    public static byte[] ConvDenseWeights() => Npz(
        ("conv1.weight", Weights(18, 1), [2, 1, 3, 3]), ("conv1.bias", [0.1f, -0.2f], [2]),
        ("fc1.weight", Weights(96, 2), [3, 32]), ("fc1.bias", [0.05f, 0f, -0.05f], [3]));

    public static string ConvDenseSource(string className, string options, string conv1, string fc1) => $$"""
        using UnIT;
        namespace Tiny;
        [UnitNetwork("tiny.npz", Input = "1x4x4"{{options}})]
        [Conv2d("conv1", 2, Kernel = 3, Padding = 1{{conv1}})]
        [ReLU(ActivationThreshold = 0.1f)]
        [Flatten]
        [Dense("fc1", 3{{fc1}})]
        public static partial class {{className}};
        """;
}
