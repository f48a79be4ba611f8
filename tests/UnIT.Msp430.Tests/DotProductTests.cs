using Xunit;

namespace UnIT.Msp430.Tests;

/// <summary>A Q15 dot product on the simulated multiplier gives what C# computes, input after input in one process.</summary>
public sealed class DotProductTests
{
    private const int Length = 16;

    [Msp430Fact]
    public void Dot_product_on_the_multiplier_equals_the_csharp_sum_for_every_input()
    {
        var image = Toolchain.BuildForSimulator(["dot_entry", "dot_a", "dot_b", "dot_sum", "dot_q15"], "dot_q15.c");
        var random = new Random(18);
        var inputs = Enumerable.Range(0, 12).Select(_ => (A: Vector(random), B: Vector(random))).ToArray();
        inputs[0] = (Enumerable.Repeat(short.MinValue, Length).ToArray(), Enumerable.Repeat(short.MaxValue, Length).ToArray());

        var results = new SimulatorSession(Toolchain.Tools, image).Run(inputs.Select(i => new SimulatorRun
        {
            Entry = "dot_entry",
            Writes = [MemoryWrite.Int16("dot_a", i.A), MemoryWrite.Int16("dot_b", i.B)],
            Stops = ["dot_half"],
            Reads = [new MemoryRead("dot_sum"), new MemoryRead("dot_q15")],
        }).ToArray());

        Assert.Equal(inputs.Length, results.Count);
        foreach (var (input, result) in inputs.Zip(results))
        {
            // The multiplier accumulates in 32 bits and wraps, as unchecked C# addition does.
            var expected = input.A.Zip(input.B).Aggregate(0, (sum, p) => unchecked(sum + (p.First * p.Second)));
            Assert.Equal(expected, BitConverter.ToInt32(result.Memory["dot_sum"]));
            Assert.Equal((short)(expected >> 15), result.Int16("dot_q15")[0]);
            Assert.Equal(["dot_half", SimulatorSession.ReturnStop], result.Segments.Select(s => s.EndsAt));
        }

        // Straight-line code over data that does not steer it: every input costs the same.
        Assert.Single(results.Select(r => (r.Instructions, r.Mclk)).Distinct());
    }

    private static short[] Vector(Random random) =>
        Enumerable.Range(0, Length).Select(_ => (short)random.Next(short.MinValue, short.MaxValue + 1)).ToArray();
}
