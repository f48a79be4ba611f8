namespace UnIT.Msp430;

/// <summary>A linked MSP430 ELF image: its file, symbols and section sizes.</summary>
public sealed class Msp430Image
{
    internal Msp430Image(string elfPath, ElfFile elf)
    {
        ElfPath = elfPath;
        Elf = elf;
        Sizes = SectionSizes.Of(elf);
    }

    /// <summary>Path of the ELF file (what <c>mspdebug prog</c> loads and what a user flashes).</summary>
    public string ElfPath { get; }

    /// <summary>Sections and symbols read from the file.</summary>
    public ElfFile Elf { get; }

    /// <summary>Flash and RAM the image takes.</summary>
    public SectionSizes Sizes { get; }

    /// <summary>First SRAM byte after data and zero-initialised data; the stack may grow down to here.</summary>
    public int RamFree => Elf.Symbol("__unit_ram_free").Address;

    /// <summary>Opens the ELF file at <paramref name="elfPath"/> (linked with <see cref="Msp430MemoryMap.LinkerScript"/>).</summary>
    public static Msp430Image Open(string elfPath) => new(elfPath, ElfFile.Read(elfPath));
}
