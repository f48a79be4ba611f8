using Xunit;

namespace UnIT.Msp430.Tests;

/// <summary>The simulator's per-segment counts are deterministic and grow linearly with a loop's iteration count.</summary>
public sealed class CycleCountTests
{
    [Msp430Fact]
    public void A_loop_of_n_iterations_costs_k_times_n_plus_c_in_its_segment()
    {
        var image = Toolchain.BuildForSimulator(["loop_entry"], "loop.c");
        int[] counts = [0, 1, 2, 3, 5, 8, 13, 8];
        var results = new SimulatorSession(Toolchain.Tools, image).Run(counts.Select(n => new SimulatorRun
        {
            Entry = "loop_entry",
            Arguments = [(ushort)n],
            Stops = ["loop_begin", "loop_end"],
        }).ToArray());

        var loops = results.Select(r => r.Segments[1]).ToArray();
        Assert.All(results, r => Assert.Equal(["loop_begin", "loop_end", SimulatorSession.ReturnStop], r.Segments.Select(s => s.EndsAt)));
        Assert.Equal((loops[5].Instructions, loops[5].Mclk), (loops[7].Instructions, loops[7].Mclk));

        // Fit k and c on n = 1 and n = 2; every other count must lie on the same line, for cycles and instructions.
        var cyclesPerIteration = loops[2].Mclk - loops[1].Mclk;
        var instructionsPerIteration = loops[2].Instructions - loops[1].Instructions;
        Assert.InRange(cyclesPerIteration, 4, 40);
        Assert.InRange(instructionsPerIteration, 2, 12);
        for (var i = 1; i < counts.Length; i++)
        {
            Assert.Equal(loops[1].Mclk + ((counts[i] - 1) * cyclesPerIteration), loops[i].Mclk);
            Assert.Equal(loops[1].Instructions + ((counts[i] - 1) * instructionsPerIteration), loops[i].Instructions);
        }

        // The segments before and after the loop do not depend on n.
        Assert.Single(results.Select(r => (r.Segments[0].Mclk, r.Segments[2].Mclk)).Distinct());
        Assert.All(results, r => Assert.True(r.Segments[0].Mclk > 0 && r.Segments[2].Mclk > 0));
    }

    [Msp430Fact]
    public void Memory_read_at_each_stop_shows_the_state_there()
    {
        var image = Toolchain.BuildForSimulator(["loop_entry"], "loop.c");

        var result = new SimulatorSession(Toolchain.Tools, image).Run(new SimulatorRun
        {
            Entry = "loop_entry",
            Arguments = [5],
            Stops = ["loop_begin", "loop_end"],
            ReadsAtStops = [new MemoryRead("loop_sink")],
        });

        // loop_sink is cleared before the run and sums 0 + 1 + 2 + 3 + 4 in the loop between the stops.
        Assert.Equal([0], SimulatorRunResult.ToInt16(result.Segments[0].Memory["loop_sink"]));
        Assert.Equal([10], SimulatorRunResult.ToInt16(result.Segments[1].Memory["loop_sink"]));
        Assert.Empty(result.Segments[2].Memory);
    }

    [Msp430Fact]
    public void Runs_with_different_stops_do_not_halt_at_each_others_breakpoints()
    {
        var image = Toolchain.BuildForSimulator(["loop_entry"], "loop.c");
        var both = new SimulatorRun { Entry = "loop_entry", Arguments = [3], Stops = ["loop_begin", "loop_end"] };

        var results = new SimulatorSession(Toolchain.Tools, image).Run([both, both with { Stops = ["loop_end"] }, both]);

        Assert.Equal(["loop_end", SimulatorSession.ReturnStop], results[1].Segments.Select(s => s.EndsAt));
        Assert.Equal(results[0].Segments[0].Mclk + results[0].Segments[1].Mclk, results[1].Segments[0].Mclk);
        Assert.Equal(results[0].Mclk, results[2].Mclk);
    }
}
