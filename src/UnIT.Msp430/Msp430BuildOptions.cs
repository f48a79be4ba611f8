namespace UnIT.Msp430;

/// <summary>How <see cref="Msp430Toolchain.Build"/> compiles and links.</summary>
public sealed record Msp430BuildOptions
{
    /// <summary>
    /// Symbols the image must keep: the functions the simulator starts at and the buffers it writes and reads. When set,
    /// unreferenced functions and data are dropped (<c>--gc-sections</c>), as a real firmware build would, so the section
    /// sizes count only what these symbols need. The first one is the ELF entry point.
    /// </summary>
    public IReadOnlyList<string> Roots { get; init; } = [];

    /// <summary>Preprocessor macros (<c>-DNAME=VALUE</c>), for example the multiplier's base address.</summary>
    public IReadOnlyDictionary<string, string> Defines { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether a compiler warning fails the build (<c>-Werror</c>); the exported C is meant to be warning-free.</summary>
    public bool WarningsAsErrors { get; init; } = true;

    /// <summary>
    /// SRAM that must stay free for the stack after data and zero-initialised data; the link fails otherwise. By default
    /// the stack reserve the cost model's RAM estimate counts (<see cref="UnIT.Resources.NetworkResources.StackReserveBytes"/>).
    /// </summary>
    public int StackReserveBytes { get; init; } = UnIT.Resources.NetworkResources.StackReserveBytes;

    /// <summary>
    /// First byte of RAM for data, zero-initialised data and the stack: the FR5994's SRAM by default;
    /// <see cref="Msp430MemoryMap.SimulatorRamStart"/> for images that only the simulator runs.
    /// </summary>
    public int RamStart { get; init; } = Msp430MemoryMap.SramStart;

    /// <summary>
    /// Code and constants in RAM from <see cref="Msp430MemoryMap.SimulatorRamStart"/> instead of FRAM, leaving the low
    /// FRAM to <c>.persistent</c> buffers: for an image only the simulator runs (whose memory is all alike) whose buffers
    /// need that much. Requires <see cref="RamStart"/> at <see cref="Msp430MemoryMap.SimulatorRamStart"/>.
    /// </summary>
    public bool CodeInRam { get; init; }

    /// <summary>Folder the objects, linker script and ELF are written to; a new temporary folder when null.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Name of the linked image, without folder.</summary>
    public string ImageName { get; init; } = "image.elf";

    /// <summary>Per-tool wall-clock limit.</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
