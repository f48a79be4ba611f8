using UnIT.NumPy;

namespace UnIT.Analyzers.Tests.Infrastructure;

/// <summary>
/// The small network most tests use, with weights whose extremes are easy to check by hand:
/// <code>
/// [UnitNetwork("net.npz", Input = "1x4x4", InputRange = 2f, ...)]
/// [Conv2d("conv1", 2, Kernel = 3, ...)]   // weight [2,1,3,3]: (i % 5 - 2) / 4, so max|w| = 0.5 (channel 1 scaled by Channel1Scale)
/// [ReLU]
/// [Flatten]
/// [Dense("fc1", 3, ...)]                  // weight [3,8]: (i % 3 - 1) / 4, so max|w| = 0.25
/// public static partial class Net;
/// </code>
/// </summary>
public static class TestNetwork
{
    public const string FileName = "net.npz";

    public static IEnumerable<NumPyArray> Tensors(float channel1Scale = 1f, bool batchNorm = false)
    {
        yield return TestFiles.Tensor("conv1.weight", i => ((i % 5) - 2) * 0.25f * (i >= 9 ? channel1Scale : 1f), 2, 1, 3, 3);
        yield return TestFiles.Tensor("conv1.bias", i => i == 0 ? 0.1f : -0.1f, 2);
        if (batchNorm)
        {
            // Folding multiplies channel c by gamma_c / sqrt(var_c + 1e-5): channel 0 by 4/sqrt(3.00001) ≈ 2.3094.
            yield return TestFiles.Tensor("bn1.weight", i => i == 0 ? 4f : 1f, 2);
            yield return TestFiles.Tensor("bn1.bias", _ => 0f, 2);
            yield return TestFiles.Tensor("bn1.running_mean", _ => 0f, 2);
            yield return TestFiles.Tensor("bn1.running_var", i => i == 0 ? 3f : 1f, 2);
        }

        yield return TestFiles.Tensor("fc1.weight", i => ((i % 3) - 1) * 0.25f, 3, 8);
        yield return TestFiles.Tensor("fc1.bias", _ => 0f, 3);
    }

    public static byte[] Bytes() => NpzWriter.ToBytes(Tensors(), compressed: false);

    /// <summary>
    /// The network as the core models it, prepared and planned directly (not through the analyzer), so tests can compare
    /// reported numbers with the planner's own.
    /// </summary>
    public static UnIT.Planning.NetworkPlan Plan(
        UnIT.Model.NetworkOptions options, UnIT.Model.PruningSettings? fc1 = null, UnIT.Model.PruningSettings? conv1 = null)
    {
        var definition = new UnIT.Model.NetworkBuilder("Net", UnIT.Model.TensorShape.Of(1, 4, 4))
            .Conv2d("conv1", 2, kernel: 3, pruning: conv1)
            .ReLU()
            .Flatten()
            .Dense("fc1", 3, fc1)
            .Build(options);
        var network = UnIT.Preparation.PreparedNetwork.Prepare(definition, WeightFile.Parse(Bytes(), FileName));
        return UnIT.Planning.KernelPlanner.Plan(network, options.Format, UnIT.Costs.CostProfile.For(options.Profile));
    }

    public static TestAdditionalText Weights(float channel1Scale = 1f, bool batchNorm = false) =>
        TestFiles.Weights(FileName, Tensors(channel1Scale, batchNorm));

    /// <summary>
    /// The network's source with settings spliced in (each a leading ", ..." fragment, or empty); markup may be used
    /// inside the fragments.
    /// </summary>
    public static string Source(string network = "", string conv1 = "", string relu = "", string fc1 = "", string afterConv1 = "") => $$"""
        using UnIT;

        [UnitNetwork("net.npz", Input = "1x4x4", InputRange = 2f{{network}})]
        [Conv2d("conv1", 2, Kernel = 3{{conv1}})]{{afterConv1}}
        [ReLU{{relu}}]
        [Flatten]
        [Dense("fc1", 3{{fc1}})]
        public static partial class Net;
        """;
}
