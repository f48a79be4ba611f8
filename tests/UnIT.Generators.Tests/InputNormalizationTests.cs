using System.Globalization;
using UnIT.Generators.Tests.Infrastructure;
using UnIT.Interpreter;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>
/// <c>InputMean</c>/<c>InputStandardDeviation</c> on <c>[UnitNetwork]</c>: the generated network takes raw inputs, computes
/// what the declaration without them computes on normalised inputs, and skips the products of inputs that are 0.
/// </summary>
public class InputNormalizationTests
{
    private const float Mean = 0.25f;
    private const float StandardDeviation = 0.5f;
    private const string Normalization = ", InputMean = 0.25f, InputStandardDeviation = 0.5f";

    /// <summary>conv (1->2, 3x3, no padding) on 1x6x6, ReLU, flatten, dense 32->3: the tiny network's weights fit.</summary>
    private static string Source(string className, string format, string normalization, float threshold = 0.05f) => $$"""
        using UnIT;
        namespace Folding;
        [UnitNetwork("tiny.npz", Input = "1x6x6", Format = NumberFormat.{{format}}, Threshold = {{threshold.ToString(CultureInfo.InvariantCulture)}}f, InputRange = 1f{{normalization}})]
        [Conv2d("conv1", 2, Kernel = 3, Implementation = KernelImplementation.Bucketed)]
        [ReLU]
        [Flatten]
        [Dense("fc1", 3, Implementation = KernelImplementation.Gather)]
        public static partial class {{className}};
        """;

    /// <summary>Seeded 6x6 inputs in [0, 1] where about half the pixels are exactly 0 (a digit's background).</summary>
    private static float[][] RawInputs() =>
        Enumerable.Range(0, 8).Select(seed =>
        {
            var random = new Random(seed);
            return Enumerable.Range(0, 36).Select(_ => random.NextDouble() < 0.5 ? 0f : (float)random.NextDouble()).ToArray();
        }).ToArray();

    [Theory]
    [InlineData("Float32")]
    [InlineData("Q15")]
    public void The_folded_network_equals_the_reference_interpreter_bit_for_bit(string format)
    {
        var source = Source("Folded", format, Normalization);
        var weights = TinyNetworks.ConvDenseWeights();
        var (result, output) = GeneratorHarness.Run(source, [GeneratorHarness.WeightText("tiny.npz", weights)]);
        Assert.Empty(result.Diagnostics);

        using var network = CompiledNetwork.Load(output, "Folding.Folded");
        var definition = (NetworkDefinition)network.Type.GetProperty("Definition")!.GetValue(null)!;
        Assert.Equal(Mean, definition.Options.InputMean);
        Assert.Equal(StandardDeviation, definition.Options.InputStandardDeviation);
        var implementations = network.LedgerLayout.Layers.Where(l => l.DenseMacs > 0).Select(l => l.Implementation).ToArray();
        var interpreter = new ReferenceInterpreter(PreparedNetwork.Prepare(definition, WeightFile.Parse(weights, "tiny.npz")), null, implementations);
        var generatedLedger = network.CreateLedger();
        var referenceLedger = interpreter.CreateLedger();
        foreach (var input in RawInputs())
        {
            var generated = new float[3];
            network.InferWithLedger(input, generated, generatedLedger);
            var expected = interpreter.Run(input, referenceLedger);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), generated.Select(BitConverter.SingleToInt32Bits));
        }

        for (var layer = 0; layer < network.LedgerLayout.Layers.Count; layer++)
        {
            Assert.Equal(referenceLedger.Layer(layer), generatedLedger.Layer(layer));
        }
    }

    [Fact]
    public void Raw_inputs_give_the_unfolded_network_s_outputs_and_their_zeros_are_skipped()
    {
        var weights = TinyNetworks.ConvDenseWeights();
        // T = 0: the folded products are the normalised ones rescaled, so a threshold would cut different ones; zeros
        // are skipped at any T.
        var folded = GeneratorHarness.Run(Source("Folded", "Float32", Normalization, threshold: 0), [GeneratorHarness.WeightText("tiny.npz", weights)]);
        var plain = GeneratorHarness.Run(Source("Plain", "Float32", string.Empty, threshold: 0), [GeneratorHarness.WeightText("tiny.npz", weights)]);
        Assert.Empty(folded.Result.Diagnostics);
        Assert.Empty(plain.Result.Diagnostics);
        using var foldedNetwork = CompiledNetwork.Load(folded.Output, "Folding.Folded");
        using var plainNetwork = CompiledNetwork.Load(plain.Output, "Folding.Plain");
        var foldedLedger = foldedNetwork.CreateLedger();
        var plainLedger = plainNetwork.CreateLedger();
        foreach (var raw in RawInputs())
        {
            var normalized = raw.Select(x => (x - Mean) / StandardDeviation).ToArray();
            var (fromRaw, fromNormalized) = (new float[3], new float[3]);
            foldedNetwork.InferWithLedger(raw, fromRaw, foldedLedger);
            plainNetwork.InferWithLedger(normalized, fromNormalized, plainLedger);
            for (var o = 0; o < 3; o++)
            {
                // The same function up to float rounding (the folded weights and bias are each rounded once).
                Assert.InRange(fromRaw[o] - fromNormalized[o], -2e-5f, 2e-5f);
            }
        }

        // Raw zeros are skipped; their normalised value −Mean/StandardDeviation is not 0, so the plain network runs them.
        Assert.True(foldedLedger.Layer(0).MacsPerformed < plainLedger.Layer(0).MacsPerformed,
            $"conv1 MACs: folded {foldedLedger.Layer(0).MacsPerformed} vs plain {plainLedger.Layer(0).MacsPerformed}");
    }
}
