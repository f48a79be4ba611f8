using Xunit;

namespace UnIT.Msp430.Tests;

/// <summary>Section sizes come from the ELF: constants in FRAM, data and buffers in SRAM, unreferenced code dropped.</summary>
public sealed class SectionSizeTests
{
    [Msp430Fact]
    public void Sizes_count_each_object_in_its_section()
    {
        var image = Toolchain.BuildForSimulator(["sizes_entry"], "sizes.c");

        Assert.Equal(200, image.Sizes.Rodata);
        Assert.Equal(6, image.Sizes.Data);
        Assert.Equal(100, image.Sizes.Bss);
        Assert.InRange(image.Sizes.Text, 2, 400);
        Assert.Equal(image.Sizes.Text + 200, image.Sizes.Flash);
        Assert.Equal(106, image.Sizes.Ram);

        var table = image.Elf.Symbol("sizes_table");
        Assert.InRange(table.Address, Msp430MemoryMap.FramStart, Msp430MemoryMap.FramEnd - table.Size);
        var buffer = image.Elf.Symbol("sizes_buffer");
        Assert.InRange(buffer.Address, Msp430MemoryMap.SramStart, Msp430MemoryMap.SramEnd - buffer.Size);
        Assert.Equal(Msp430MemoryMap.SramStart + 106, image.RamFree);
    }

    [Msp430Fact]
    public void Each_run_starts_from_the_image_as_linked()
    {
        // sizes_entry clears sizes_initialised[0] and writes a buffer slot; the next run must see the linked values again
        // (buffer[2] = table[2] + initialised[0] = 3 + 7 only if initialised[0] was restored).
        var image = Toolchain.BuildForSimulator(["sizes_entry"], "sizes.c");
        var run = new SimulatorRun
        {
            Entry = "sizes_entry",
            Arguments = [4],
            Reads = [new MemoryRead("sizes_buffer"), new MemoryRead("sizes_initialised")],
        };

        var results = new SimulatorSession(Toolchain.Tools, image).Run([run, run with { Arguments = [2] }]);

        Assert.Equal([0, 0, 0, 0, 7, 0], results[0].Int16("sizes_buffer")[..6]);
        Assert.Equal([0, 8, 9], results[0].Int16("sizes_initialised"));
        Assert.Equal([0, 0, 10, 0, 0, 0], results[1].Int16("sizes_buffer")[..6]);
        Assert.Equal([0, 8, 9], results[1].Int16("sizes_initialised"));
    }
}
