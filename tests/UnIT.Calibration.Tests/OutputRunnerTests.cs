using UnIT.Calibration.Evaluation;
using UnIT.Interpreter;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;

namespace UnIT.Calibration.Tests;

/// <summary>
/// The calibration's fast output path must compute what the reference interpreter computes, bit for bit: every
/// calibration file depends on it. Checked on layers that read padding, strides, dilation, groups, 1-D convolutions,
/// both poolings, every division and both formats, with thresholds high enough that many products are skipped.
/// </summary>
public sealed class OutputRunnerTests
{
    public static TheoryData<NumberFormat, DivisionApproximation, KernelImplementation> Cases()
    {
        var cases = new TheoryData<NumberFormat, DivisionApproximation, KernelImplementation>();
        foreach (var format in new[] { NumberFormat.Float32, NumberFormat.Q15 })
        {
            foreach (var division in Enum.GetValues<DivisionApproximation>())
            {
                cases.Add(format, division, KernelImplementation.Gather);
            }

            cases.Add(format, DivisionApproximation.Exact, KernelImplementation.Dense);
            cases.Add(format, DivisionApproximation.ReciprocalLut, KernelImplementation.Bucketed);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_two_dimensional_network_with_padding_strides_groups_and_both_poolings_gives_the_interpreters_outputs(
        NumberFormat format, DivisionApproximation division, KernelImplementation implementation)
    {
        var pruning = PruningSettings.Default with { Threshold = 0.05f };
        var definition = new NetworkBuilder("Padded", TensorShape.Of(2, 17, 17))
            .Conv2d("conv1", 4, 3, padding: 1, pruning: pruning).AvgPool2d(2).ReLU(0.1f)
            .Conv2d("conv2", 4, 3, stride: 2, padding: 1, groups: 2, pruning: pruning with { Threshold = 0.2f }).ReLU()
            .Conv2d("conv3", 4, 2, dilation: 2, pruning: pruning).MaxPool2d(2)
            .Flatten().Dense("fc1", 5, pruning)
            .Build(Options(format, division));
        var weights = Weights(
            ("conv1", [4, 2, 3, 3]), ("conv2", [4, 2, 3, 3]), ("conv3", [4, 4, 2, 2]), ("fc1", [5, 4]));
        AssertSameOutputs(definition, weights, implementation, NonScatter(implementation, definition, weights));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_one_dimensional_network_gives_the_interpreters_outputs(
        NumberFormat format, DivisionApproximation division, KernelImplementation implementation)
    {
        var pruning = PruningSettings.Default with { Threshold = 0.1f };
        var definition = new NetworkBuilder("Sensor", TensorShape.Of(3, 16))
            .Conv1d("conv1", 6, 5, padding: 2, pruning: pruning).ReLU().MaxPool1d(2)
            .Flatten().Dense("fc1", 4, pruning)
            .Build(Options(format, division));
        var weights = Weights(("conv1", [6, 3, 5]), ("fc1", [4, 48]));
        AssertSameOutputs(definition, weights, implementation, NonScatter(implementation, definition, weights));
    }

    private static NetworkOptions Options(NumberFormat format, DivisionApproximation division) =>
        new() { Format = format, Profile = TargetProfile.Msp430FR5994, Division = division, InputRange = 3f };

    /// <summary>Scatter kernels need unit strides: layers that cannot take <paramref name="implementation"/> gather.</summary>
    private static KernelImplementation[] NonScatter(KernelImplementation implementation, NetworkDefinition definition, WeightFile weights) =>
        PreparedNetwork.Prepare(definition, weights).MacLayers
            .Select(m => implementation is KernelImplementation.Bucketed or KernelImplementation.Sorted && !m.SupportsScatterKernels ? KernelImplementation.Gather : implementation)
            .ToArray();

    private static void AssertSameOutputs(NetworkDefinition definition, WeightFile weights, KernelImplementation requested, KernelImplementation[] implementations)
    {
        var network = PreparedNetwork.Prepare(definition, weights);
        var interpreter = new ReferenceInterpreter(network, implementations: implementations);
        var dense = new ReferenceInterpreter(network, implementations: [KernelImplementation.Dense]);
        var runner = new OutputRunner(interpreter);
        var random = new Random(5);
        var skippingMattered = false;
        for (var sample = 0; sample < 40; sample++)
        {
            // Sparse like activations after a ReLU, with negative values too (the first layer reads raw inputs).
            var input = Enumerable.Range(0, definition.InputShape.ElementCount)
                .Select(_ => random.NextDouble() < 0.3 ? 0f : (float)((random.NextDouble() * 5) - 2.5))
                .ToArray();
            var expected = interpreter.Run(input);
            var actual = runner.Run(input);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            skippingMattered |= !expected.SequenceEqual(dense.Run(input));
        }

        // The case checks the skip decisions only if skipped products changed an output (Dense honours no threshold).
        Assert.Equal(requested != KernelImplementation.Dense, skippingMattered);
    }

    private static WeightFile Weights(params (string Layer, int[] Shape)[] layers)
    {
        var random = new Random(3);
        var arrays = new List<NumPyArray>();
        foreach (var (layer, shape) in layers)
        {
            var count = shape.Aggregate(1, (a, b) => a * b);
            // Heavy-tailed like trained weights, and some exactly zero (pruned), which every kernel leaves out.
            var values = Enumerable.Range(0, count).Select(_ => random.NextDouble() < 0.2 ? 0f : (float)Math.Pow((random.NextDouble() * 2) - 1, 3)).ToArray();
            arrays.Add(NumPyArray.FromSingles(layer + ".weight", values, shape));
            arrays.Add(NumPyArray.FromSingles(layer + ".bias", Enumerable.Range(0, shape[0]).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f).ToArray(), shape[0]));
        }

        return WeightFile.Parse(NpzWriter.ToBytes(arrays, compressed: false), "layers.npz");
    }
}
