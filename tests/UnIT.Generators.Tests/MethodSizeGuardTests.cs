using UnIT.Generators.Tests.Infrastructure;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>
/// No generated method may exceed the JIT's optimisation limits, or it would silently run unoptimised. Checked on
/// a LeNet-sized network in every kernel form and on a dense layer wide enough to need chunking.
/// </summary>
public class MethodSizeGuardTests
{
    private const int MaxILBytes = 60_000;
    private const int MaxInstructions = 20_000;
    private const int MaxBasicBlocks = 2_000;
    private const int MaxLocals = 2_000;

    private static byte[] LeNetWeights() => TinyNetworks.Npz(
        ("conv1.weight", TinyNetworks.Weights(150, 11), [6, 1, 5, 5]), ("conv1.bias", new float[6], [6]),
        ("conv2.weight", TinyNetworks.Weights(2400, 12), [16, 6, 5, 5]), ("conv2.bias", new float[16], [16]),
        ("fc1.weight", TinyNetworks.Weights(2560, 13), [10, 256]), ("fc1.bias", new float[10], [10]),
        ("wide.weight", TinyNetworks.Weights(1200 * 16, 14), [16, 1200]), ("wide.bias", new float[16], [16]));

    private static string LeNet(string name, string implementation, string format) => $$"""
        [UnitNetwork("lenet.npz", Input = "1x28x28", Threshold = 0.05f{{format}})]
        [Conv2d("conv1", 6, Kernel = 5, Implementation = KernelImplementation.{{implementation}})]
        [ReLU(ActivationThreshold = 0.5f)]
        [MaxPool2d(2)]
        [Conv2d("conv2", 16, Kernel = 5, Implementation = KernelImplementation.{{implementation}})]
        [ReLU(ActivationThreshold = 0.5f)]
        [MaxPool2d(2)]
        [Flatten]
        [Dense("fc1", 10, Implementation = KernelImplementation.{{implementation}})]
        public static partial class {{name}};
        """;

    [Fact]
    public void Every_generated_method_stays_inside_the_jit_limits()
    {
        var source = "using UnIT;\nnamespace Guard;\n"
            + string.Join("\n", new[] { "Gather", "Sorted" }.Select(i => LeNet("LeNet" + i, i, string.Empty)))
            + LeNet("LeNetBucketed", "Bucketed", ", Format = NumberFormat.Q15, InputRange = 3f, Division = DivisionApproximation.Exact")
            + """

            [UnitNetwork("lenet.npz", Input = "1200", Threshold = 0.05f)]
            [Dense("wide", 16, Implementation = KernelImplementation.Dense)]
            public static partial class WideDense;
            [UnitNetwork("lenet.npz", Input = "1200", Threshold = 0.05f)]
            [Dense("wide", 16, Implementation = KernelImplementation.Gather)]
            public static partial class WideGather;
            """;
        var (result, compilation) = GeneratorHarness.Run(source, [GeneratorHarness.WeightText("lenet.npz", LeNetWeights())],
            new Dictionary<string, string> { ["build_property.UnitMaxUnrolledWeights"] = "100000" });
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedTrees, t => t.ToString().Contains("Layer0_Channel0_Part1", StringComparison.Ordinal)); // chunking happened

        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        var methods = MethodBodyStatistics.Read(stream.ToArray());
        Assert.True(methods.Count > 100, "expected the generated kernels' methods");
        var worst = new[]
        {
            methods.MaxBy(m => m.ILBytes)!, methods.MaxBy(m => m.Instructions)!, methods.MaxBy(m => m.BasicBlocks)!, methods.MaxBy(m => m.Locals)!,
        };
        Console.WriteLine("Largest generated methods: " + string.Join("; ", worst.Select(w => w.ToString())));
        Assert.All(methods, m =>
        {
            Assert.True(m.ILBytes <= MaxILBytes && m.Instructions <= MaxInstructions && m.BasicBlocks <= MaxBasicBlocks && m.Locals <= MaxLocals,
                $"{m} exceeds a JIT limit. Largest: {string.Join("; ", worst.Select(w => w.ToString()))}");
        });
    }
}
