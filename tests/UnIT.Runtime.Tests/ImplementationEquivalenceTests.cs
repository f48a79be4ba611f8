using UnIT.Interpreter;
using UnIT.Model;
using Xunit;

namespace UnIT.Runtime.Tests;

/// <summary>
/// Gather, Sorted and Bucketed are three ways to run one semantics: for every approximation and format they must
/// produce identical outputs and perform identical MACs (docs/semantics.md), with thresholds that really skip.
/// </summary>
public class ImplementationEquivalenceTests
{
    public static TheoryData<string, DivisionApproximation, NumberFormat> Cases()
    {
        var data = new TheoryData<string, DivisionApproximation, NumberFormat>();
        foreach (var name in TorchFixtures.Names)
        {
            foreach (var division in Enum.GetValues<DivisionApproximation>())
            {
                data.Add(name, division, NumberFormat.Float32);
                data.Add(name, division, NumberFormat.Q15);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Skipping_implementations_agree_bit_for_bit(string name, DivisionApproximation division, NumberFormat format)
    {
        var options = new NetworkOptions { Format = format, Division = division, DefaultThreshold = 0.02f, InputRange = 4f };
        var prepared = TorchFixtures.Prepare(name, options, s => s with { OutputRange = 8f });
        var (inputs, _) = TorchFixtures.InputsAndOutputs(name);
        var interpreters = new[] { KernelImplementation.Gather, KernelImplementation.Sorted, KernelImplementation.Bucketed }
            .Select(i => new ReferenceInterpreter(prepared, format, InterpreterTorchTests.Implementations(prepared, i)))
            .ToArray();
        var ledgers = interpreters.Select(i => i.CreateLedger()).ToArray();
        foreach (var input in inputs)
        {
            var reference = interpreters[0].Run(input, ledgers[0]);
            for (var k = 1; k < interpreters.Length; k++)
            {
                var other = interpreters[k].Run(input, ledgers[k]);
                Assert.Equal(reference.Select(BitConverter.SingleToInt32Bits), other.Select(BitConverter.SingleToInt32Bits));
            }
        }

        var performed = ledgers.Select(l => l.Total.MacsPerformed).ToArray();
        Assert.All(performed, p => Assert.Equal(performed[0], p));
        var dense = interpreters[0].Layout.DenseMacs * inputs.Length;
        Assert.InRange(performed[0], 1, dense - 1); // the threshold really skips, and not everything
    }
}
