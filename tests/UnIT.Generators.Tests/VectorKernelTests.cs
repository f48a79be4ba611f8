using UnIT.Generators.Tests.Infrastructure;
using UnIT.Interpreter;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>
/// The vectorised output-stationary kernels (eight positions per vector, scalar remainder, padded borders) against the
/// reference interpreter: maps wide enough to vectorise, widths that leave a remainder, signed and non-negative inputs.
/// </summary>
public class VectorKernelTests
{
    private static byte[] Weights() => TinyNetworks.Npz(
        ("conv1.weight", TinyNetworks.Weights(3 * 2 * 3 * 3, 21), [3, 2, 3, 3]), ("conv1.bias", [0.05f, -0.1f, 0.2f], [3]),
        ("conv2.weight", TinyNetworks.Weights(4 * 3 * 5 * 5, 22), [4, 3, 5, 5]), ("conv2.bias", [0.1f, 0f, -0.05f, 0.3f], [4]),
        ("fc1.weight", TinyNetworks.Weights(5 * 4 * 12 * 11, 23), [5, 4 * 12 * 11]), ("fc1.bias", new float[5], [5]));

    private static string Declaration(string name, string implementation, string format) => $$"""
        [UnitNetwork("vector.npz", Input = "2x16x15", Threshold = 0.03f{{format}})]
        [Conv2d("conv1", 3, Kernel = 3, Padding = 1, Implementation = KernelImplementation.{{implementation}})]
        [ReLU(ActivationThreshold = 0.1f)]
        [Conv2d("conv2", 4, Kernel = 5, Implementation = KernelImplementation.{{implementation}})]
        [ReLU]
        [Flatten]
        [Dense("fc1", 5)]
        public static partial class {{name}};
        """;

    [Fact]
    public void Vectorised_kernels_equal_the_interpreter_bit_for_bit()
    {
        const string Q15 = ", Format = NumberFormat.Q15, InputRange = 3f, Division = DivisionApproximation.Pow2";
        var variants = new (string Name, string Implementation, string Format)[]
        {
            ("FloatDense", "Dense", string.Empty), ("FloatGather", "Gather", string.Empty),
            ("Q15Dense", "Dense", Q15), ("Q15Gather", "Gather", Q15),
        };
        var source = "using UnIT;\nnamespace Vectors;\n" + string.Join("\n", variants.Select(v => Declaration(v.Name, v.Implementation, v.Format)));
        var weights = Weights();
        var (result, compilation) = GeneratorHarness.Run(source, [GeneratorHarness.WeightText("vector.npz", weights)]);
        Assert.Empty(GeneratorHarness.Problems(result));
        Assert.All(result.GeneratedTrees, tree => Assert.Contains("_Vector0(", tree.ToString(), StringComparison.Ordinal));

        var random = new Random(5);
        var inputs = Enumerable.Range(0, 12)
            .Select(i => Enumerable.Range(0, 2 * 16 * 15).Select(_ => i % 3 == 0 && random.Next(3) == 0 ? 0f : (float)((random.NextDouble() * 6) - 3)).ToArray())
            .ToArray();
        var file = WeightFile.Parse(weights, "vector.npz");
        foreach (var variant in variants)
        {
            using var network = CompiledNetwork.Load(compilation, "Vectors." + variant.Name);
            var definition = (NetworkDefinition)network.Type.GetProperty("Definition")!.GetValue(null)!;
            var implementations = network.LedgerLayout.Layers.Where(l => l.DenseMacs > 0).Select(l => l.Implementation).ToArray();
            var interpreter = new ReferenceInterpreter(PreparedNetwork.Prepare(definition, file), null, implementations);
            var generatedLedger = network.CreateLedger();
            var referenceLedger = interpreter.CreateLedger();
            foreach (var input in inputs)
            {
                var generated = new float[5];
                network.InferWithLedger(input, generated, generatedLedger);
                var expected = interpreter.Run(input, referenceLedger);
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), generated.Select(BitConverter.SingleToInt32Bits));
            }

            for (var layer = 0; layer < network.LedgerLayout.Layers.Count; layer++)
            {
                Assert.True(referenceLedger.Layer(layer) == generatedLedger.Layer(layer),
                    $"{variant.Name}, layer {layer}: generated {{{generatedLedger.Layer(layer)}}} vs interpreter {{{referenceLedger.Layer(layer)}}}");
            }
        }
    }
}
