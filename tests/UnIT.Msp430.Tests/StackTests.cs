using Xunit;

namespace UnIT.Msp430.Tests;

/// <summary>The stack high-water mark follows the frames the code pushes.</summary>
public sealed class StackTests
{
    [Msp430Fact]
    public void A_frame_forty_words_larger_raises_the_high_water_mark_by_eighty_bytes()
    {
        var image = Toolchain.BuildForSimulator(["stack_entry_small", "stack_entry_large"], "stack.c");

        var results = new SimulatorSession(Toolchain.Tools, image).Run(
        [
            new SimulatorRun { Entry = "stack_entry_small", Reads = [new MemoryRead("stack_result")] },
            new SimulatorRun { Entry = "stack_entry_large", Reads = [new MemoryRead("stack_result")] },
        ]);

        Assert.Equal(28, results[0].Int16("stack_result")[0]);
        Assert.Equal(1128, results[1].Int16("stack_result")[0]);
        Assert.InRange(results[0].StackBytesUsed, 16 + 4, 16 + 40);
        Assert.Equal(80, results[1].StackBytesUsed - results[0].StackBytesUsed);
    }
}
