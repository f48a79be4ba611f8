using UnIT.Interpreter;
using UnIT.Model;
using Xunit;

namespace UnIT.Runtime.Tests;

/// <summary>The reference interpreter against eager PyTorch forward passes of the fixture models.</summary>
public class InterpreterTorchTests
{
    public static TheoryData<string> Fixtures => new(TorchFixtures.Names);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Float32_matches_pytorch_within_1e5_relative(string name)
    {
        var interpreter = new ReferenceInterpreter(TorchFixtures.Prepare(name), NumberFormat.Float32, [KernelImplementation.Dense]);
        var (inputs, outputs) = TorchFixtures.InputsAndOutputs(name);
        for (var s = 0; s < inputs.Length; s++)
        {
            var actual = interpreter.Run(inputs[s]);
            for (var i = 0; i < actual.Length; i++)
            {
                var expected = outputs[s][i];
                var tolerance = 1e-5 * Math.Max(Math.Abs(expected), 1e-3);
                Assert.True(Math.Abs(actual[i] - expected) <= tolerance,
                    $"{name} sample {s} output {i}: {actual[i]:R} vs PyTorch {expected:R} (relative error {Math.Abs(actual[i] - expected) / Math.Abs(expected):E2})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Threshold_zero_reproduces_the_dense_result_exactly_in_every_implementation(string name)
    {
        var prepared = TorchFixtures.Prepare(name);
        var (inputs, _) = TorchFixtures.InputsAndOutputs(name);
        var dense = new ReferenceInterpreter(prepared, NumberFormat.Float32, [KernelImplementation.Dense]);
        foreach (var implementation in new[] { KernelImplementation.Gather, KernelImplementation.Sorted, KernelImplementation.Bucketed })
        {
            var interpreter = new ReferenceInterpreter(prepared, NumberFormat.Float32, Implementations(prepared, implementation));
            foreach (var input in inputs)
            {
                // == treats +0 and -0 alike: the only difference allowed is the sign of an exact zero, because
                // Dense adds the zero products (a = 0) that the others skip.
                Assert.Equal(dense.Run(input), interpreter.Run(input));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Q15_stays_close_to_float_with_declared_ranges(string name)
    {
        var floatRun = new ReferenceInterpreter(TorchFixtures.Prepare(name), NumberFormat.Float32, [KernelImplementation.Dense]);
        var (inputs, outputs) = TorchFixtures.InputsAndOutputs(name);
        var outputRange = outputs.SelectMany(o => o).Max(Math.Abs);
        var inputRange = inputs.SelectMany(i => i).Max(Math.Abs);

        // Ranges as calibration would measure them, with a margin.
        var options = new NetworkOptions { Format = NumberFormat.Q15, InputRange = inputRange * 1.1f };
        var q15 = new ReferenceInterpreter(TorchFixtures.Prepare(name, options, s => s with { OutputRange = 4 * outputRange }), null, [KernelImplementation.Dense]);
        foreach (var input in inputs)
        {
            var expected = floatRun.Run(input);
            var actual = q15.Run(input);
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.True(Math.Abs(actual[i] - expected[i]) <= 0.01 * outputRange, $"{name}: Q15 {actual[i]} vs float {expected[i]}");
            }
        }
    }

    internal static KernelImplementation[] Implementations(UnIT.Preparation.PreparedNetwork network, KernelImplementation wanted) =>
        network.MacLayers.Select(l => l.SupportsScatterKernels || wanted is KernelImplementation.Dense or KernelImplementation.Gather ? wanted : KernelImplementation.Gather).ToArray();
}
