using UnIT.Generators.Tests.Infrastructure;
using UnIT.Interpreter;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>
/// Compile-and-run differential tests: for every implementation x division approximation x number format, the
/// generated kernels' outputs and per-layer event counts equal the reference interpreter's, bit for bit, on the
/// recorded inputs of each PyTorch fixture. Each fixture's variants are compiled together (one compilation per batch),
/// and each fixture is its own test class so xunit runs them in parallel.
/// </summary>
public abstract class DifferentialTests
{

    /// <summary>
    /// Every implementation x division x format on convnet2d (padding, BatchNorm, threshold groups, pools, a dense layer)
    /// in both forms; dscnn2d (depthwise convolutions with and without padding, channel multiplier 2, pointwise 1x1)
    /// sees every division once, two unrolled and the other two table-driven (the divisions are the emitters' shared
    /// code, which convnet2d covers in both forms; this keeps the suite within CI's time); the others (strides,
    /// dilation, 1-D) with two divisions unrolled and one table-driven.
    /// </summary>
    private static IEnumerable<FixtureNetworks.Variant> Variants(string fixture, bool unrolled)
    {
        DivisionApproximation[] divisions = (fixture, unrolled) switch
        {
            ("convnet2d", _) => Enum.GetValues<DivisionApproximation>(),
            ("dscnn2d", true) => [DivisionApproximation.Exact, DivisionApproximation.ReciprocalLut],
            ("dscnn2d", false) => [DivisionApproximation.Pow2, DivisionApproximation.FloatBits],
            (_, true) => [DivisionApproximation.Exact, DivisionApproximation.ReciprocalLut],
            _ => [DivisionApproximation.FloatBits],
        };

        var index = 0;
        foreach (var format in Enum.GetValues<NumberFormat>())
        {
            foreach (var division in divisions)
            {
                foreach (var implementation in new[] { KernelImplementation.Dense, KernelImplementation.Gather, KernelImplementation.Sorted, KernelImplementation.Bucketed })
                {
                    yield return new FixtureNetworks.Variant($"Net{index++}_{format}_{division}_{implementation}", format, division, implementation, Groups: index % 2 == 0);
                }
            }
        }
    }

    protected static void GeneratedKernelsEqualTheReferenceInterpreter(string fixture, bool unrolled)
    {
        var variants = Variants(fixture, unrolled).ToArray();
        var source = "using UnIT;\nnamespace Differential;\n" + string.Join("\n", variants.Select(v => FixtureNetworks.Declaration(fixture, v)));
        var weights = FixtureNetworks.WeightBytes(fixture);
        var properties = unrolled ? null : new Dictionary<string, string> { ["build_property.UnitMaxUnrolledWeights"] = "0" };
        var (result, output) = GeneratorHarness.Run(source, [GeneratorHarness.WeightText(fixture + ".npz", weights)], properties);
        Assert.Empty(result.Diagnostics);

        var inputs = FixtureNetworks.Inputs(fixture);
        var weightFile = WeightFile.Parse(weights, fixture + ".npz");
        foreach (var variant in variants)
        {
            using var network = CompiledNetwork.Load(output, "Differential." + variant.ClassName);
            var definition = (NetworkDefinition)network.Type.GetProperty("Definition")!.GetValue(null)!;
            var implementations = network.LedgerLayout.Layers.Where(l => l.DenseMacs > 0).Select(l => l.Implementation).ToArray();
            var interpreter = new ReferenceInterpreter(PreparedNetwork.Prepare(definition, weightFile), null, implementations);
            Assert.Equal(interpreter.Layout, network.LedgerLayout);
            Assert.Equal(interpreter.Resources.FlashBytes, network.Constant<long>("FlashBytes"));
            Assert.Equal(interpreter.Resources.Macs, network.Constant<long>("DenseMacs"));
            Assert.Equal(interpreter.Resources.PeakRamBytesWithInput, network.Constant<long>("PeakActivationRamBytes"));
            Assert.Equal(interpreter.Resources.PeakRamBytes, network.Constant<long>("PeakActivationRamBytesWithoutInput"));
            Assert.Equal(interpreter.Resources.RamBytes, network.Constant<long>("RamBytes"));

            var generatedLedger = network.CreateLedger();
            var referenceLedger = interpreter.CreateLedger();
            foreach (var input in inputs)
            {
                var generated = new float[interpreter.Network.OutputShape.ElementCount];
                network.InferWithLedger(input, generated, generatedLedger);
                var expected = interpreter.Run(input, referenceLedger);
                Assert.True(
                    expected.Select(BitConverter.SingleToInt32Bits).SequenceEqual(generated.Select(BitConverter.SingleToInt32Bits)),
                    $"{variant}: generated [{string.Join(", ", generated)}] vs interpreter [{string.Join(", ", expected)}]");
            }

            for (var layer = 0; layer < network.LedgerLayout.Layers.Count; layer++)
            {
                Assert.True(referenceLedger.Layer(layer) == generatedLedger.Layer(layer),
                    $"{variant}, layer {network.LedgerLayout.Layers[layer].Label}: generated {{{generatedLedger.Layer(layer)}}} vs interpreter {{{referenceLedger.Layer(layer)}}}");
            }

            Assert.Equal(referenceLedger.Inferences, generatedLedger.Inferences);
        }
    }
}

public sealed class Convnet2dDifferentialTests : DifferentialTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Generated_kernels_equal_the_reference_interpreter(bool unrolled) => GeneratedKernelsEqualTheReferenceInterpreter("convnet2d", unrolled);
}

public sealed class Convnet1dDifferentialTests : DifferentialTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Generated_kernels_equal_the_reference_interpreter(bool unrolled) => GeneratedKernelsEqualTheReferenceInterpreter("convnet1d", unrolled);
}

public sealed class Strided2dDifferentialTests : DifferentialTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Generated_kernels_equal_the_reference_interpreter(bool unrolled) => GeneratedKernelsEqualTheReferenceInterpreter("strided2d", unrolled);
}

public sealed class Dscnn2dDifferentialTests : DifferentialTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Generated_kernels_equal_the_reference_interpreter(bool unrolled) => GeneratedKernelsEqualTheReferenceInterpreter("dscnn2d", unrolled);
}
